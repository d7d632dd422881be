#!/usr/bin/env bash
# npm run mutation [-- AREA...]: StrykerJS over each area in turn (stryker.config.mjs), one test process.
# Areas: integrity (cms, merkle, verify, commitment) and checks (the access and policy tables and checks).
set -euo pipefail
cd "$(dirname "$0")/.."
areas=("$@")
[ ${#areas[@]} -gt 0 ] || areas=(checks integrity)
for area in "${areas[@]}"; do
  echo "== mutation testing: $area"
  MUTATION_AREA=$area npx stryker run stryker.config.mjs
done
