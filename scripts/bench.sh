#!/usr/bin/env bash
# Side-by-side benchmarks: Footnote against the reference tools in ../shared/bench, in one run.
# Ratios are what to quote: this machine is shared, absolute times drift.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
BIN=.build/release/footnote
DATASET=${BENCH_DATASET:-$SHARED/datasets/scifact}
OUT=bench-results
mkdir -p "$OUT"

# A large real HTML tree: Debian's SQLite and PostgreSQL documentation.
if ! dpkg-query -W -f='${Status}' postgresql-doc-15 2>/dev/null | grep -q "install ok installed" \
   || ! dpkg-query -W -f='${Status}' sqlite3-doc 2>/dev/null | grep -q "install ok installed"; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq sqlite3-doc postgresql-doc-15
fi
HTML_TREE=(/usr/share/doc/sqlite3 /usr/share/doc/postgresql-doc-15/html)

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

echo "== ingest throughput (fresh temporary index each run)"
$BIN bench ingest corpora --json > "$OUT/ingest-corpora.json"
$BIN bench ingest "${HTML_TREE[@]}" --json > "$OUT/ingest-html.json"
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
for name in ("corpora", "html"):
    r = json.load(open(f"{out}/ingest-{name}.json"))
    print(f"  {name:8s} {r['files']:5d} files {r['megabytes']:7.1f} MB {r['chunks']:6d} chunks "
          f"{r['seconds']:6.2f} s  {r['megabytesPerSecond']:6.2f} MB/s  {r['chunksPerSecond']:7.0f} chunks/s  ({r['failed']} failed)")
PY

if [ -d "$DATASET" ]; then
  echo "== search latency on $(basename "$DATASET") (k=100, 3 repetitions), same run as the reference"
  $BIN bench search "$DATASET" --k 100 --repeat 3 --json > "$OUT/search-footnote.json"
  python3 "$SHARED/bench/reference_fts5.py" "$DATASET" --k 100 --repeat 3 > "$OUT/search-reference-fts5.json"
  python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
f = json.load(open(f"{out}/search-footnote.json"))
r = json.load(open(f"{out}/search-reference-fts5.json"))
print(f"  reference (Python sqlite3 FTS5, whole documents): p50 {r['p50_ms']:.2f} ms  p95 {r['p95_ms']:.2f} ms  index {r['index_s']:.2f} s")
print(f"  footnote ranking (passages, same SQL work):        p50 {f['rankP50Milliseconds']:.2f} ms  p95 {f['rankP95Milliseconds']:.2f} ms  "
      f"index {f['indexingSeconds']:.2f} s ({f['chunks']} chunks)")
print(f"  footnote full hits (coordinates, snippets, ids):   p50 {f['searchP50Milliseconds']:.2f} ms  p95 {f['searchP95Milliseconds']:.2f} ms")
print(f"  ratio footnote/reference p50: ranking {f['rankP50Milliseconds']/r['p50_ms']:.2f}x, full {f['searchP50Milliseconds']/r['p50_ms']:.2f}x; "
      f"p95: ranking {f['rankP95Milliseconds']/r['p95_ms']:.2f}x, full {f['searchP95Milliseconds']/r['p95_ms']:.2f}x")
PY
else
  echo "skipped search latency: $DATASET not found"
fi

# Embeddings (issue 3): encoder throughput beside the Python references (sentence-transformers when torch
# is importable in the bench venv -- scripts/bench-embed.sh --install-st adds it from a local wheel --
# and the numpy reference always), then hybrid latency on about 100,000 chunks. Skip with BENCH_EMBED=0.
if [ "${BENCH_EMBED:-1}" != 0 ] && [ -d "$DATASET" ]; then
  echo "== embedding throughput (native float32 and bfloat16 beside the references; ratios on the # lines)"
  FOOTNOTE_BIN="$BIN" FOOTNOTE_SHARED="$SHARED" bash scripts/bench-embed.sh --n "${BENCH_EMBED_N:-100}" \
    --corpus "$DATASET/corpus.jsonl" > "$OUT/embed.jsonl"
  echo "== hybrid latency on $(basename "$DATASET") x 11 (query embedding included)"
  $BIN bench hybrid "$DATASET" --copies 11 --json > "$OUT/hybrid.json"
  python3 - "$OUT" <<'PY'
import json, sys
r = json.load(open(f"{sys.argv[1]}/hybrid.json"))
mib = lambda b: b / 1048576
print(f"  {r['chunks']} chunks, {r['queries']} queries, encoder query embedding p50 {r['embedP50Milliseconds']:.1f} ms")
print(f"  hybrid p50 {r['hybridP50Milliseconds']:.1f} ms  p95 {r['hybridP95Milliseconds']:.1f} ms  (BM25 p50 {r['lexicalP50Milliseconds']:.1f} ms, "
      f"vector scan p50 {r['vectorScanP50Milliseconds']:.1f} ms, {r['vectorPrecision']})")
print(f"  vectors in memory {mib(r['vectorBytes']):.1f} MiB, process RSS {mib(r['residentSetBytes']):.1f} MiB")
PY
fi
