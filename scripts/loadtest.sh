#!/usr/bin/env bash
# Load test on loopback: 64 connections on /v1/search for 30 s with ingests running at the same time
# (uploads through the API, and a second process adding a corpus copy). Zero errors required; prints
# throughput, p50/p99 latency, and checks afterwards that every upload is searchable and the index is consistent.
#   FOOTNOTE_BIN   the footnote executable (default .build/release/footnote)
#   DURATION       seconds of load (default 30), CONNECTIONS (default 64), THREADS (default 2)
#   SERVE_FLAGS    extra flags for footnote serve (default --no-model)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${FOOTNOTE_BIN:-.build/release/footnote}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
# Without the model by default: the corpus is indexed --no-embed, and the first upload would otherwise embed
# every pending chunk of the index. SERVE_FLAGS="" measures with the model loaded.
SERVE_FLAGS=${SERVE_FLAGS---no-model}
command -v wrk >/dev/null || { echo "loadtest: wrk is not installed (apt-get install wrk, or make deps)" >&2; exit 1; }
command -v curl >/dev/null || { echo "loadtest: curl is not installed" >&2; exit 1; }
[ -x "$BIN" ] || { echo "loadtest: $BIN not built (make release)" >&2; exit 1; }

work=$(mktemp -d /tmp/footnote-loadtest.XXXXXX)
server_pid=""
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
index="$work/index.sqlite"

echo "== indexing corpora/ into $index"
"$BIN" add corpora/ --index "$index" --no-embed -q
cp -r corpora "$work/corpus-copy"

echo "== starting footnote serve on 127.0.0.1 (free port)"
"$BIN" serve --index "$index" --host 127.0.0.1 --port 0 --readers 2 $SERVE_FLAGS >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$port" ] || { echo "loadtest: server did not report its port" >&2; cat "$work/serve.log" >&2; exit 1; }
base="http://127.0.0.1:$port"
curl -fsS "$base/healthz" >/dev/null

# Ingest while the load runs: a second process adds a corpus copy, and uploads go through the API.
echo "== ingest: footnote add (second process) + uploads through POST /v1/documents"
("$BIN" add "$work/corpus-copy" --index "$index" --no-embed -q >"$work/add.log" 2>&1; echo "add exit $?" >>"$work/add.log") &
add_pid=$!
mkdir -p "$work/uploads"; : >"$work/uploaded.txt"; : >"$work/upload-errors.txt"
(
  n=0; failures=0; deadline=$((SECONDS + DURATION - 2))
  while [ $SECONDS -lt $deadline ]; do
    n=$((n + 1))
    f="$work/uploads/load-$n.md"
    printf '# Upload %d\n\nThe marker word zqxload%d identifies this uploaded document.\n\n%s\n' "$n" "$n" "$(head -c 3000 corpora/README.md)" >"$f"
    code=$(curl -s -o /dev/null -w '%{http_code}' -F "file=@$f" "$base/v1/documents") || code=000
    case "$code" in 200|201) echo "$n" >>"$work/uploaded.txt" ;; *) failures=$((failures + 1)); echo "upload $n -> $code" >>"$work/upload-errors.txt" ;; esac
  done
) &
upload_pid=$!

echo "== wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s $base/v1/search"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s scripts/loadtest-queries.lua "$base" | tee "$work/wrk.txt"
wait "$upload_pid" || true
wait "$add_pid" || true

requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt"); non2xx=${non2xx:-0}
socket=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$work/wrk.txt"); socket=${socket:-0}
uploaded=$(wc -l <"$work/uploaded.txt" 2>/dev/null || echo 0)
upload_errors=$(wc -l <"$work/upload-errors.txt" 2>/dev/null || echo 0)

echo "== checking: every upload searchable"
missing=0
for n in $(cat "$work/uploaded.txt" 2>/dev/null); do
  if ! curl -fsS "$base/v1/search?q=zqxload$n&limit=1" | grep -q "load-$n.md"; then missing=$((missing + 1)); fi
done
locked=$(grep -ci "database is locked" "$work/serve.log" || true)
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

echo "== checking: index consistency (PRAGMA integrity_check and Footnote's invariants)"
problems=$(python3 - "$index" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
checks = {
  "chunks of a non-current version": "SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.current_version_id IS NOT c.version_id",
  "chunks without a full-text row": "SELECT count(*) FROM chunks WHERE id NOT IN (SELECT id FROM chunks_fts_content)",
  "full-text rows without a chunk": "SELECT count(*) FROM chunks_fts_content WHERE id NOT IN (SELECT id FROM chunks)",
  "documents without a current version or chunks": "SELECT count(*) FROM documents d WHERE current_version_id IS NULL OR NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)",
}
for name, sql in checks.items():
    n = db.execute(sql).fetchone()[0]
    if n: problems.append(f"{n} {name}")
print("; ".join(problems))
PY
)
documents=$("$BIN" stats --index "$index" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')

echo
echo "== loadtest summary"
echo "search: $requests requests in ${DURATION}s, $rps req/s, p50 $p50, p99 $p99, non-2xx $non2xx, socket errors $socket"
echo "ingest: $uploaded uploads ok, $upload_errors failed; second-process add: $(tail -1 "$work/add.log")"
echo "after:  $documents documents; uploads not searchable: $missing; 'database is locked' in server log: $locked"
echo "index:  ${problems:-consistent}"
if [ "$non2xx" != 0 ] || [ "$socket" != 0 ] || [ "$upload_errors" != 0 ] || [ "$missing" != 0 ] || [ "$locked" != 0 ] || [ -n "$problems" ] || [ "$uploaded" = 0 ]; then
  echo "loadtest: FAILED" >&2; exit 1
fi
echo "loadtest: OK"
