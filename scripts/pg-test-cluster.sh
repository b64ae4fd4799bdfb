#!/bin/sh
# A throwaway PostgreSQL cluster on loopback, for the test suite and the scale benchmark.
#
#   scripts/pg-test-cluster.sh start [DIR]   # prints the SQLAlchemy URL on stdout
#   scripts/pg-test-cluster.sh stop DIR      # stops the cluster and deletes DIR
#
# `start` installs Debian's `postgresql` with apt-get when no `pg_ctl` can be found, creates
# a cluster in DIR (a new temporary folder when not given; its path goes to stderr), starts
# it on 127.0.0.1 and a free port with trust authentication for loopback only, and creates
# the database `laborwatch_test`. PostgreSQL refuses to run as root, so when run as root the
# cluster belongs to the `postgres` user. No Docker, no network other than apt-get.
set -eu

die() { echo "pg-test-cluster: $*" >&2; exit 1; }

find_bin() {
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        # follow symlinks: createdb sits beside the real pg_ctl, not always beside the link
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return
    fi
    # Debian keeps the server binaries out of PATH, one folder per major version
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$candidate/pg_ctl" ]; then echo "$candidate"; return; fi
    done
}

install_postgres() {
    [ "$(id -u)" = 0 ] || die "pg_ctl not found; install PostgreSQL (apt-get install postgresql)"
    echo "pg-test-cluster: installing postgresql with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# run a command as the cluster's owner: root hands it to `postgres`
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}

start() {
    bin=$(find_bin)
    if [ -z "$bin" ]; then install_postgres; bin=$(find_bin); fi
    [ -n "$bin" ] || die "no PostgreSQL server binaries after installing"
    dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/laborwatch-pg.XXXXXX")}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    chmod 700 "$dir"
    port=$(free_port)
    as_owner "'$bin/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --no-locale" >"$dir.initdb.log" 2>&1 \
        || { cat "$dir.initdb.log" >&2; die "initdb failed"; }
    # fsync off and a small WAL: the data is thrown away, speed matters more than durability
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
        -o \"-h 127.0.0.1 -p $port -k '$dir' -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=200\" start" >&2 \
        || { cat "$dir/server.log" >&2; die "the server did not start"; }
    as_owner "'$bin/createdb' -h 127.0.0.1 -p $port -U postgres laborwatch_test"
    echo "$port" >"$dir/port"
    echo "pg-test-cluster: cluster in $dir; stop with: $0 stop $dir" >&2
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/laborwatch_test"
}

stop() {
    dir=${1:?usage: $0 stop DIR}
    [ -d "$dir/data" ] || die "no cluster in $dir"
    bin=$(find_bin)
    as_owner "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop" >&2 || true
    rm -rf "$dir" "$dir.initdb.log"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) die "usage: $0 start [DIR] | stop DIR" ;;
esac
