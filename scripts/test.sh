#!/usr/bin/env bash
# The whole test suite: set-up, lint, type check, then every workspace's tests under one Vitest run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/browser.sh # Chromium for the portal's browser tests (test/browser/)
npm run build -w portal --silent # the portal the gateway serves and the browser tests load

log "lint (biome)"
npx biome check .
log "type check (tsc)"
npx tsc -p tsconfig.json --noEmit

log "tests (vitest)"
mkdir -p test/artifacts
rm -f test/artifacts/vitest*.json
status=0
npx vitest run --project '!fabric' --passWithNoTests --reporter=default --reporter=json \
  --outputFile.json=test/artifacts/vitest.json "$@" || status=$?

# The real Fabric network's tests last, alone on the machine's cores: a network of their own (not the one
# `npm run network:up` or `LEDGER=fabric npm start` uses), built and brought up by the project's global
# set-up, reset by each file that needs a new ledger, stopped at the end.
log "tests on the real Fabric network (vitest project fabric)"
export HOCBA_FABRIC_DIR="${HOCBA_FABRIC_TEST_DIR:-$ROOT/.data/fabric-test}"
export HOCBA_FABRIC_PORT_OFFSET="${HOCBA_FABRIC_TEST_PORT_OFFSET:-20000}"
npx vitest run --project fabric --passWithNoTests --reporter=default --reporter=json \
  --outputFile.json=test/artifacts/vitest-fabric.json "$@" || status=$?

# The private Postgres cluster the db and gateway tests started (scripts/postgres.sh) is not left running.
bash scripts/postgres.sh stop || true

# One plain closing line that any reader of CI logs understands.
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of ["test/artifacts/vitest.json", "test/artifacts/vitest-fabric.json"]) {
    if (!fs.existsSync(f)) continue;
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`vitest: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit $status
