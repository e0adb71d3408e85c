#!/usr/bin/env bash
# What `make test` runs (after the venv and node_modules exist): make sure the system packages and
# services the suite needs are there, run ruff and pytest, then stop only what this script started.
# Quiet when everything is already present. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
mkdir -p .data

STARTED_PG=""        # "<version> <cluster>" if this script brought the cluster up
REDIS_PIDFILE="$ROOT/.data/test-redis.pid"
STARTED_REDIS=""     # set if this script started redis-server (stopped by its pidfile)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else echo "Need root to run: $* (no sudo found)" >&2; exit 1
    fi
}

APT_UPDATED=""
apt_install() {
    echo "Installing Debian packages: $*"
    if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_up() {
    if command -v pg_isready >/dev/null; then pg_isready -q -h 127.0.0.1 -p 5432; else port_open 5432; fi
}

redis_up() {
    if command -v redis-cli >/dev/null; then
        [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]
    else port_open 6379; fi
}

wait_for() {  # wait_for <check> <what>: up to 30 s
    for _ in $(seq 60); do "$1" && return 0; sleep 0.5; done
    echo "$2 did not come up on 127.0.0.1." >&2; exit 1
}

cleanup() {
    local rc=$?
    if [ -n "$STARTED_REDIS" ] && [ -f "$REDIS_PIDFILE" ]; then
        kill "$(cat "$REDIS_PIDFILE")" 2>/dev/null || true
        for _ in $(seq 50); do redis_up || break; sleep 0.1; done   # port free for the next run
        echo "Stopped the Redis this run started."
    fi
    if [ -n "$STARTED_PG" ]; then
        # shellcheck disable=SC2086  # "<version> <cluster>" is two arguments
        as_root pg_ctlcluster --skip-systemctl-redirect $STARTED_PG stop || true
        echo "Stopped the PostgreSQL cluster this run started ($STARTED_PG)."
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Debian's Chromium for the browser tests (never `playwright install`), poppler for reading PDFs.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# PostgreSQL on 127.0.0.1:5432 with role postgres, no password.
if ! pg_up; then
    installed_pg=""
    if ! command -v pg_lsclusters >/dev/null; then
        apt_install postgresql
        installed_pg=1
    fi
    cluster=$(pg_lsclusters --no-header | awk '$3 == 5432 { print $1 " " $2; exit }')
    if [ -z "$cluster" ]; then
        echo "PostgreSQL is installed but has no cluster on port 5432 (see pg_lsclusters)." >&2; exit 1
    fi
    if [ -n "$installed_pg" ]; then
        # A cluster we just installed: let role postgres in over TCP from this machine only.
        hba="/etc/postgresql/${cluster%% *}/${cluster##* }/pg_hba.conf"
        as_root sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
    fi
    online=$(pg_lsclusters --no-header | awk -v c="$cluster" '$1 " " $2 == c { print ($4 == "online") }')
    # shellcheck disable=SC2086
    if [ "$online" = 1 ] && [ -n "$installed_pg" ]; then
        as_root pg_ctlcluster --skip-systemctl-redirect $cluster reload   # installing started it
    elif [ "$online" = 1 ]; then
        echo "PostgreSQL $cluster is running but does not answer on 127.0.0.1:5432." >&2; exit 1
    else
        echo "Starting PostgreSQL cluster $cluster"
        as_root pg_ctlcluster --skip-systemctl-redirect $cluster start
    fi
    STARTED_PG=$cluster
    wait_for pg_up PostgreSQL
fi

# Redis on 127.0.0.1:6379, no persistence.
if ! redis_up; then
    if ! command -v redis-server >/dev/null; then
        apt_install redis-server
        # Where installing starts Debian's service (with persistence), swap it for ours.
        if redis_up; then redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null || true; sleep 1; fi
    fi
    echo "Starting Redis on 127.0.0.1:6379"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
        --pidfile "$REDIS_PIDFILE" --logfile "$ROOT/.data/test-redis.log"
    STARTED_REDIS=1
    wait_for redis_up Redis
fi

export DATABASE_URL=postgres://postgres@127.0.0.1:5432/apcommission
export REDIS_URL=redis://127.0.0.1:6379/0
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export APCOMMISSION_TEST=1

.venv/bin/ruff check .
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure too." >&2
fi
exit "$status"
