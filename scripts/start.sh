#!/usr/bin/env bash
# Sets up what is missing, then runs the system on the embedded defaults: first the integrity walk-through
# (scripts/demo.ts), then the gateway (public verify API, OpenAPI at /docs) on a development province of the
# embedded ledger, until Ctrl-C. HOST and PORT move the gateway (default 127.0.0.1:3000).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh
node chaincode/build.mjs
export CORE_CHAINCODE_LOGGING_LEVEL=critical
npx tsx scripts/demo.ts
log "gateway: starting (Ctrl-C stops it)"
exec npx tsx gateway/src/server.ts
