#!/usr/bin/env bash
# Sets up what is missing, then runs the gateway on the embedded defaults until Ctrl-C: the ledger in
# process with its blocks in .data/ledger, PGlite in .data/pglite (DATABASE_URL: a Postgres instead), the
# demo province seeded on the first start and kept across restarts. Arguments go to the server:
#   npm start -- --fresh     start over (deletes .data/pglite and .data/ledger first)
#   LEDGER=fabric npm start  on the real Fabric network (network/fabric: built and started if needed)
# HOST and PORT move the gateway (default 127.0.0.1:3000); HOCBA_DATA_DIR moves .data. The integrity
# walk-through that npm start used to print first is `npm run demo`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh
# The chaincode package only when a source is newer than it (a warm start skips the bundling).
if [ ! -f chaincode/dist/index.cjs ] || [ -n "$(find chaincode/src chaincode/build.mjs chaincode/package.json -newer chaincode/dist/index.cjs -print -quit)" ]; then
  node chaincode/build.mjs
fi
npm run build -w portal --silent # the lookup portal, served at / from portal/dist
npm run build -w console --silent # the school console, served at /console/ from console/dist
# LEDGER=fabric: the real network, started (or restarted from its data) first; --fresh starts it anew.
if [ "${LEDGER:-embedded}" = fabric ]; then
  if [[ " $* " == *" --fresh "* ]] || [ "${HOCBA_FRESH:-}" = 1 ] || [ "${HOCBA_FRESH:-}" = true ]; then
    bash network/fabric/scripts/network.sh reset
  fi
  bash network/fabric/scripts/network.sh up
fi
export CORE_CHAINCODE_LOGGING_LEVEL=critical
log "gateway: starting (Ctrl-C stops it)"
exec node --import tsx gateway/src/server.ts "$@"
