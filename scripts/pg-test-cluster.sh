#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: the tests of the PostgreSQL
# backend need a server, and a developer's or CI machine has none running.
#
#   scripts/pg-test-cluster.sh start STATE_DIR   initdb + pg_ctl start; prints the URL
#   scripts/pg-test-cluster.sh stop STATE_DIR    stops it and removes its files
#
# ctest runs `start` as a setup fixture before the tests that need it and
# `stop` as the cleanup fixture after them, also when tests fail
# (tests/CMakeLists.txt). STATE_DIR keeps what `stop` needs: the cluster's
# temporary directory (`dir`) and its URL (`url`, which the tests read).
#
# The cluster lives in a temporary directory (data and Unix socket), listens
# on a free loopback port, trusts local connections, and runs as an
# unprivileged user: the invoking user, or `postgres` when run as root
# (PostgreSQL refuses to run as root). Durability settings are the defaults
# (fsync and synchronous_commit on), so tests see what production sees.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
state=$2

bin_dir() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$initdb" ]; then
    echo "pg-test-cluster: no PostgreSQL server installed (run scripts/install-deps.sh)" >&2
    exit 1
  fi
  dirname "$initdb"
}

# The user the server runs as, and how to run a command as that user.
if [ "$(id -u)" -eq 0 ]; then
  run_user=postgres
  as_user() { runuser -u "$run_user" -- "$@"; }
else
  run_user=$(id -un)
  as_user() { "$@"; }
fi

free_port() {
  # A random high port nobody answers on; should another process take it
  # first, pg_ctl fails to start and start() tries another.
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  echo "$port"
}

stop() {
  [ -f "$state/dir" ] || return 0
  local dir bin
  dir=$(cat "$state/dir")
  bin=$(bin_dir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  rm -f "$state/dir" "$state/url"
}

start() {
  stop  # a cluster left by an interrupted run
  mkdir -p "$state"
  local bin dir port
  bin=$(bin_dir)
  dir=$(mktemp -d /tmp/zapas-pg-XXXXXX)
  echo "$dir" >"$state/dir"
  chmod 0755 "$dir"
  mkdir -p "$dir/data" "$dir/socket"
  if [ "$(id -u)" -eq 0 ]; then chown -R "$run_user" "$dir/data" "$dir/socket"; fi
  as_user "$bin/initdb" -D "$dir/data" -U "$run_user" --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  local try
  for try in 1 2 3 4 5; do
    port=$(free_port)
    if as_user "$bin/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/data/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir/socket" \
        start >/dev/null; then
      break
    fi
    port=""
  done
  if [ -z "$port" ]; then
    cat "$dir/data/server.log" >&2 || true
    exit 1
  fi
  as_user "$bin/psql" -q -h "$dir/socket" -p "$port" -d postgres \
    -c "CREATE DATABASE zapas_test" >/dev/null
  echo "postgresql://$run_user@127.0.0.1:$port/zapas_test" >"$state/url"
  cat "$state/url"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
