#!/usr/bin/env bash
# The benchmarks (bench/). Tables go to stdout, progress to stderr, figures to bench/results/*.json.
#
#   npm run bench                      every suite, bounded, then issue 16's goals in one table (summary):
#                                      portal, integrity --quick, lock on 30 000 records (PGlite and
#                                      Postgres; HOCBA_BENCH_FULL=1: 300 000), verify endpoints (6 s runs, on
#                                      PGlite then on Postgres, embedded ledger then the bench's Fabric
#                                      network), school (2 000 pupils, embedded ledger and
#                                      Fabric, PGlite and Postgres), anchor (Fabric and embedded), lists
#                                      (10⁵ batches, PGlite and Postgres). About 25 minutes on two cores
#                                      (an estimate; the run prints its time); a suite
#                                      that fails is named at the end (exit 1) and the others still run.
#   npm run bench -- integrity [opts]  the integrity scheme alone, its own defaults (10⁴, 10⁵, 10⁶ records)
#   npm run bench -- lock [opts]       lockBatch end to end, e.g. --full (300 000 records), --db pglite
#   npm run bench -- verify [opts]     GET /v1/verify/:code and POST /v1/verify/bundle vs a bare route
#   npm run bench -- portal [opts]     the portal's size and in-browser verify
#   npm run bench -- school [opts]     a school of 2 000 pupils: lock → sign → anchored through the gateway,
#                                      e.g. --ledger embedded --db pglite (Fabric: the bench's own network)
#   npm run bench -- anchor [opts]     anchors of 35-record batches on a real Fabric network (its own, in
#                                      .data/fabric-bench, ports +10000) and on the embedded ledger
#   npm run bench -- lists [opts]      issue 14's list routes over 10⁵ batches over HTTP (GET /v1/batches,
#                                      /v1/oversight counts and waiting lists) as a district and the province
#                                      officer, p50/p95/p99 against GET /health, on PGlite and Postgres
#   npm run bench -- summary [--since] the goals' table again from the newest result files, running nothing
#   npm run bench -- --sizes 10000     options without a suite name go to the integrity benchmark
#   npm run bench -- <suite> --help    the suite's options
# HOCBA_BENCH_SKIP_SETUP=1 skips scripts/setup.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
[ "${HOCBA_BENCH_SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh >&2 # stdout is for the tables

# A large heap and an exposed GC: each integrity phase starts from a collected heap.
integrity() {
  log "benchmark: integrity (bench/src/integrity.bench.ts)"
  NODE_OPTIONS="--max-old-space-size=12000 --expose-gc ${NODE_OPTIONS:-}" npx tsx bench/src/integrity.bench.ts "$@"
}
lock() {
  log "benchmark: lock (bench/src/lock.ts)"
  npx tsx bench/src/lock.ts "$@"
}
verify() {
  log "benchmark: verify endpoints (bench/src/gateway-verify.ts)"
  npx tsx bench/src/gateway-verify.ts "$@"
}
anchor() {
  log "benchmark: anchors on Fabric and on the embedded ledger (bench/src/anchor.ts)"
  CORE_CHAINCODE_LOGGING_LEVEL=critical npx tsx bench/src/anchor.ts "$@"
}
school() {
  log "benchmark: a school's batch, lock → sign → anchored (bench/src/school.ts)"
  CORE_CHAINCODE_LOGGING_LEVEL=critical npx tsx bench/src/school.ts "$@"
}
lists() {
  log "benchmark: list routes over 10⁵ batches (bench/src/lists.ts)"
  CORE_CHAINCODE_LOGGING_LEVEL=critical npx tsx bench/src/lists.ts "$@"
}
summary() {
  npx tsx bench/src/summary.ts "$@"
}
portal() {
  log "benchmark: portal (bench/src/portal.ts)"
  bash scripts/browser.sh >&2 && npx tsx bench/src/portal.ts "$@"
}

case "${1:-}" in
  integrity | lock | verify | portal | anchor | school | lists)
    suite="$1"
    shift
    "$suite" "$@"
    ;;
  summary)
    shift
    summary "$@"
    ;;
  "")
    # The summary reads only the result files this run writes (named by their start, at or after this).
    HOCBA_BENCH_SINCE="$(date -u +%Y-%m-%dT%H:%M:%S.000Z)"
    started=$SECONDS
    failed=()
    # Each suite in a subshell: one that fails is named at the end, and the others still run.
    run() { ("$@") || failed+=("$*"); }
    lock_size=()
    [ "${HOCBA_BENCH_FULL:-}" = 1 ] && lock_size=(--full)
    run portal
    run integrity --quick
    run lock "${lock_size[@]}"
    run verify --db pglite,postgres --ledger embedded,fabric --duration 6
    run school
    run anchor
    run lists
    summary --since "$HOCBA_BENCH_SINCE"
    log "npm run bench: $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"
    if [ ${#failed[@]} -gt 0 ]; then
      log "failed: ${failed[*]} (their rows say not measured)"
      exit 1
    fi
    ;;
  *) integrity "$@" ;;
esac
