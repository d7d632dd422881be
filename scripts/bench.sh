#!/usr/bin/env bash
# The integrity benchmark (bench/src/integrity.bench.ts): set-up, then the benchmark with a large heap and
# an exposed GC (so each phase starts from a collected heap). Options are passed through, e.g.
#   npm run bench -- --sizes 10000,100000     npm run bench -- --quick     npm run bench -- --help
# Tables go to stdout, progress to stderr, figures to bench/results/integrity-<timestamp>.json.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh >&2 # stdout is for the tables

log "benchmark (bench/src/integrity.bench.ts)"
NODE_OPTIONS="--max-old-space-size=12000 --expose-gc ${NODE_OPTIONS:-}" \
  exec npx tsx bench/src/integrity.bench.ts "$@"
