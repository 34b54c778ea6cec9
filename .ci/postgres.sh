#!/usr/bin/env bash
# A real PostgreSQL server on 127.0.0.1 for the store tests, started idempotently.
#
#   bash .ci/postgres.sh              install Debian's postgresql when missing (root), start the
#                                     server for this checkout if it is not running, print its URL
#   bash .ci/postgres.sh --no-install the same without installing (the test fixture uses this:
#                                     nothing inside the test run reaches the network)
#   bash .ci/postgres.sh stop         stop it
#
# Without root and without the package it says so and exits 0, so the test command still runs
# (the PostgreSQL tests then skip); in CI (CI=true) that is an error.
#
# The cluster lives in /tmp/netral-pg-<hash of this checkout's path> (the postgres user must be
# able to reach it), on a free port chosen at first start and kept in that directory; its URL
# is written to url there, where tests/support/postgres.py finds it. pg_ctl refuses to run as
# root, so the server runs as the `postgres` user, with trust authentication on 127.0.0.1 only.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HASH="$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)"
D="/tmp/netral-pg-$HASH"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

BIN="$(bindir)"
if [ "${1:-}" = "stop" ]; then
  [ -n "$BIN" ] && [ -f "$D/data/PG_VERSION" ] && as_pg "$BIN/pg_ctl -D $D/data -m fast -w stop" || true
  exit 0
fi

if [ -z "$BIN" ]; then
  if [ "$(id -u)" -ne 0 ] || [ "${1:-}" = "--no-install" ]; then
    echo "postgres: not installed: apt-get install postgresql (the PostgreSQL tests skip)" >&2
    [ "${CI:-}" = "true" ] && exit 1
    exit 0
  fi
  echo "postgres: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  BIN="$(bindir)"
fi

mkdir -p "$D" && chmod 777 "$D"
if [ ! -f "$D/data/PG_VERSION" ]; then
  rm -rf "$D/data"
  as_pg "$BIN/initdb -D $D/data -U netral --auth=trust -E UTF8 >/dev/null"
fi
if [ ! -f "$D/port" ]; then
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' > "$D/port"
fi
PORT="$(cat "$D/port")"
if ! as_pg "$BIN/pg_ctl -D $D/data status" >/dev/null 2>&1; then
  # Enough connections for the multi-replica test and the engineers sharing this machine.
  as_pg "$BIN/pg_ctl -D $D/data -l $D/log -o '-c listen_addresses=127.0.0.1 -p $PORT -k $D -c max_connections=200 -c fsync=off' -w -t 60 start" >&2
fi
URL="postgresql://netral@127.0.0.1:$PORT/postgres"
echo "$URL" > "$D/url"
echo "$URL"
