#!/usr/bin/env bash
# Sets up what is missing, then runs the system. Until the gateway exists this is the integrity demo on the
# embedded ledger (scripts/demo.ts).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh
node chaincode/build.mjs
CORE_CHAINCODE_LOGGING_LEVEL=critical npx tsx scripts/demo.ts
