#!/usr/bin/env bash
# Sets up what is missing, then runs the system. Until the gateway exists this is the integrity demo.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh
npx tsx scripts/demo.ts
