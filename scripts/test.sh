#!/usr/bin/env bash
# The whole test suite: set-up, lint, type check, then each Vitest project in a run of its own, so that one
# part's failure (a set-up that cannot start Postgres, a browser that will not install, a red test) never
# hides the others' results. Every step runs; the exit status is the first failure's, and the last lines
# say which step failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh

status=0
failed_steps=()
step() { # step <name> <command...>: runs it, records a failure, goes on
  local name="$1"
  shift
  log "$name"
  local rc=0
  "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    failed_steps+=("$name (exit $rc)")
    [ "$status" -eq 0 ] && status=$rc
  fi
  return 0
}

step "browser (Chromium for test/browser)" bash scripts/browser.sh
step "portal build (the page the gateway serves and the browser tests load)" npm run build -w portal --silent
step "console build (the school console the gateway serves at /console/)" npm run build -w console --silent
step "lint (biome)" npx biome check .
step "type check (tsc)" npx tsc -p tsconfig.json --noEmit

mkdir -p test/artifacts
rm -f test/artifacts/vitest-*.json
# The projects of vitest.config.ts; `fabric` last, alone on the machine's cores.
PROJECTS=(integrity records portal console embedded db gateway cli cross-part browser)
for p in "${PROJECTS[@]}"; do
  step "tests: vitest project $p" npx vitest run --project "$p" --passWithNoTests --reporter=default \
    --reporter=json --outputFile.json="test/artifacts/vitest-$p.json" "$@"
done

# The real Fabric network's tests on a network of their own (not the one `npm run network:up` or
# `LEDGER=fabric npm start` uses), built and brought up by the project's global set-up, reset by each file
# that needs a new ledger, stopped at the end.
step "tests: vitest project fabric (the real Fabric network)" env \
  HOCBA_FABRIC_DIR="${HOCBA_FABRIC_TEST_DIR:-$ROOT/.data/fabric-test}" \
  HOCBA_FABRIC_PORT_OFFSET="${HOCBA_FABRIC_TEST_PORT_OFFSET:-20000}" \
  npx vitest run --project fabric --passWithNoTests --reporter=default --reporter=json --outputFile.json=test/artifacts/vitest-fabric.json "$@"

# The private Postgres cluster the db and gateway tests started (scripts/postgres.sh) is not left running.
bash scripts/postgres.sh stop || true

# Plain closing lines that any reader of CI logs understands: per project, then in all.
node scripts/test-summary.mjs "${PROJECTS[@]}" fabric || true
if [ "${#failed_steps[@]}" -gt 0 ]; then
  printf 'failed: %s\n' "${failed_steps[@]}"
fi
exit $status
