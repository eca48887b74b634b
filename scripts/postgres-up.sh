#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for tests and benchmarks on 127.0.0.1:$PGPORT (default 55432), no systemd: trust auth,
# fsync off (the data is disposable), password 'postgres' for user postgres and an empty database 'relearn'.
# Installs Debian's postgresql-15 when missing. Idempotent: a running server is left alone.
# Tests: export RELEARN_TEST_POSTGRES=postgresql://postgres:postgres@127.0.0.1:55432/relearn
# Stop it: runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" stop
# Environment: PGPORT (default 55432), PGDATA (default /tmp/relearn-pg/data).
set -euo pipefail
PGPORT="${PGPORT:-55432}"
PGDATA="${PGDATA:-/tmp/relearn-pg/data}"
PGBIN=/usr/lib/postgresql/15/bin
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
trap 'echo "postgres-up: failed at line $LINENO; log in $(dirname "$PGDATA")/pg.log" >&2' ERR

if [ ! -x "$PGBIN/pg_ctl" ] || ! command -v psql >/dev/null; then
  echo "postgres-up: installing postgresql-15"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends postgresql-15 postgresql-client-15
fi

$sudo mkdir -p "$(dirname "$PGDATA")"
$sudo chown postgres:postgres "$(dirname "$PGDATA")"
run() { $sudo runuser -u postgres -- "$@"; }
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  run "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! run "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  run "$PGBIN/pg_ctl" -D "$PGDATA" -l "$(dirname "$PGDATA")/pg.log" -w -t 30 \
     -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
fi
run "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" >/dev/null
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='relearn'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE relearn" >/dev/null
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
echo "postgres-up: PostgreSQL on 127.0.0.1:$PGPORT (postgresql://postgres:postgres@127.0.0.1:$PGPORT/relearn)"
