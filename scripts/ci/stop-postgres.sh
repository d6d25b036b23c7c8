#!/usr/bin/env bash
# Stops the server that start-postgres.sh started on this port and removes its data.
set -euo pipefail
port="${1:-55432}"
datadir="${PGTEST_DATADIR:-/tmp/workshops-pg-$port}"
pg_ctl_bin="$(command -v pg_ctl || ls -1d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)"
[[ -f "$datadir/postmaster.pid" ]] && runuser -u postgres -- "$pg_ctl_bin" -D "$datadir" -m fast stop
rm -rf "$datadir"
