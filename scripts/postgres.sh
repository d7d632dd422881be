#!/usr/bin/env bash
# A private Postgres cluster for the tests: Debian's package, our own data directory, 127.0.0.1 only, a
# private port, trust auth for local connections only. It never touches the package's own cluster.
#
#   scripts/postgres.sh start   install if missing, initdb if needed, start if stopped; prints the URL
#   scripts/postgres.sh stop    stops the cluster (keeps its data)
#   scripts/postgres.sh url     prints the URL (does not start anything)
#
# Idempotent and safe to call from several processes at once (a file lock serializes them).
# HOCBA_PG_PORT and HOCBA_PG_DATA move it elsewhere. Without HOCBA_PG_PORT a new cluster takes the first free
# port from 54329 (another checkout's cluster may hold 54329) and keeps it.
#
# The data directory is not in the checkout: the server runs as the postgres OS user, who may not be able to
# enter the checkout (a clone in a folder only root can enter, as `mktemp -d` makes). By default it is
# /var/tmp/hocba-postgres-test/<hash of the checkout's path>: one cluster per checkout, where that user can write.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DATA="${HOCBA_PG_DATA:-/var/tmp/hocba-postgres-test/$(printf '%s' "$ROOT" | sha256sum | cut -c1-16)}"
DB=hocba_test

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cluster_port() {
  if [ -n "${HOCBA_PG_PORT:-}" ]; then echo "$HOCBA_PG_PORT"; return; fi
  if [ -f "$DATA/hocba-port" ]; then cat "$DATA/hocba-port"; return; fi
  # A cluster made before the port was kept beside it: its configuration says.
  if [ -f "$DATA/postgresql.conf" ]; then
    local conf
    conf="$(sed -n 's/^port = \([0-9]*\).*/\1/p' "$DATA/postgresql.conf" | tail -n1)"
    [ -n "$conf" ] && { echo "$conf"; return; }
  fi
  local p
  for p in $(seq 54329 54399); do
    port_in_use "$p" || { echo "$p"; return; }
  done
  die "no free port in 54329-54399 for the test cluster; set HOCBA_PG_PORT"
}

# Postgres refuses to run as root: as root we run its binaries as the postgres OS user, otherwise as
# ourselves (then the superuser role is still called postgres, see initdb -U below).
as_pg() {
  # From /: the postgres user may not be able to enter the current folder (a root-only checkout).
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_bin() {
  local dir
  # Newest installed major version; the binaries are not on PATH in Debian's layout.
  dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)"
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

ensure_installed() {
  if ! pg_bin >/dev/null; then
    [ "$(id -u)" -eq 0 ] || die "Postgres is not installed and installing it needs root (apt-get install postgresql)"
    apt_install postgresql
  fi
  BIN="$(pg_bin)" || die "postgresql installed but no pg_ctl under /usr/lib/postgresql/*/bin"
}

is_running() { as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

init_cluster() {
  [ -f "$DATA/PG_VERSION" ] && return 0
  log "initdb $DATA"
  # The parent readable by everyone (the postgres user goes through it), the cluster its user's alone.
  mkdir -p "$(dirname "$DATA")" && chmod a+rx "$(dirname "$DATA")" 2>/dev/null || true
  mkdir -p "$DATA"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
  chmod 700 "$DATA"
  # We change no permissions above the data directory: if the postgres user cannot reach it, say so.
  as_pg test -w "$DATA" || die "the postgres user cannot write $DATA; set HOCBA_PG_DATA to a directory it can reach"
  # C collation (byte order) with UTF-8: the same on every machine, and all the tests need.
  as_pg "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=reject >/dev/null
  cat >"$DATA/pg_hba.conf" <<'EOF'
# hocba test cluster: loopback only, no passwords (the data is throw-away test data).
local all all              trust
host  all all 127.0.0.1/32 trust
EOF
  cat >>"$DATA/postgresql.conf" <<EOF

# hocba test cluster
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  echo "$PORT" >"$DATA/hocba-port"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA/pg_hba.conf" "$DATA/postgresql.conf" "$DATA/hocba-port"
  return 0
}

start_cluster() {
  is_running && return 0
  log "starting Postgres on 127.0.0.1:$PORT ($DATA)"
  # The server outlives this script: it must not inherit our lock (fd 9) or any pipe of whoever called
  # us (a test runner waiting for our output would wait for the server too). Close every fd above 2.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start </dev/null >/dev/null
  ) || die "Postgres did not start; see $DATA/server.log"
}

ensure_database() {
  local psql=("$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tA)
  if [ "$(as_pg "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
    as_pg "${psql[@]}" -c "CREATE DATABASE $DB" >/dev/null
  fi
}

cmd="${1:-}"
case "$cmd" in
start)
  mkdir -p "$ROOT/.data"
  exec 9>"$ROOT/.data/postgres-test.lock"
  flock 9
  PORT="$(cluster_port)"
  URL="postgres://postgres@127.0.0.1:$PORT/$DB"
  ensure_installed
  init_cluster
  start_cluster
  ensure_database
  echo "$URL"
  ;;
stop)
  # Nothing to stop where Postgres is not even installed.
  BIN="$(pg_bin)" || exit 0
  if [ -f "$DATA/PG_VERSION" ] && is_running; then
    as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    log "stopped Postgres ($DATA)"
  fi
  ;;
url)
  echo "postgres://postgres@127.0.0.1:$(cluster_port)/$DB"
  ;;
*)
  echo "usage: $0 start|stop|url" >&2
  exit 2
  ;;
esac
