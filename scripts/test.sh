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
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test/artifacts/vitest.json "$@" || status=$?
# One plain closing line that any reader of CI logs understands.
node -e '
  const r = JSON.parse(require("fs").readFileSync("test/artifacts/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit $status
