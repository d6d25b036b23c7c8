#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests: a fresh data directory, loopback only,
# trust authentication, run as the `postgres` user. Prints the URL to use as TEST_POSTGRES_URL.
#   bash scripts/ci/start-postgres.sh [port]        (stop it with: bash scripts/ci/stop-postgres.sh)
# Uses the server on the PATH or under /usr/lib/postgresql; installs Debian's when there is none.
set -euo pipefail
port="${1:-55432}"
datadir="${PGTEST_DATADIR:-/tmp/workshops-pg-$port}"

find_bin() {
  if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return; fi
  ls -1d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}
pg_ctl_bin="$(find_bin pg_ctl || true)"
if [[ -z "$pg_ctl_bin" ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  pg_ctl_bin="$(find_bin pg_ctl)"
fi
initdb_bin="$(dirname "$pg_ctl_bin")/initdb"
[[ -x "$initdb_bin" ]] || initdb_bin="$(find_bin initdb)"
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres

as_postgres() {
  if [[ "$(id -un)" == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi
}

# A server left from an earlier run on this port goes first.
if [[ -f "$datadir/postmaster.pid" ]]; then as_postgres "$pg_ctl_bin" -D "$datadir" -m immediate stop >&2 || true; fi
rm -rf "$datadir"
mkdir -p "$datadir"
chown postgres "$datadir"
as_postgres "$initdb_bin" -D "$datadir" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# Test data is thrown away: no need to wait for the disk on every commit.
as_postgres "$pg_ctl_bin" -D "$datadir" -l "$datadir/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
