#!/usr/bin/env bash
# npm run mutation [-- AREA...]: StrykerJS over each area in turn (stryker.config.mjs), one test process.
# Areas: checks (the access and policy tables and checks), and integrity/'s merkle (with commitment), verify, cms.
set -euo pipefail
cd "$(dirname "$0")/.."
areas=("$@")
[ ${#areas[@]} -gt 0 ] || areas=(checks merkle verify cms)
for area in "${areas[@]}"; do
  echo "== mutation testing: $area"
  MUTATION_AREA=$area npx stryker run stryker.config.mjs
done
