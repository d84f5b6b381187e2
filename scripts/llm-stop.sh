#!/usr/bin/env bash
# Stop the local model server that scripts/llm-start.sh started (by its recorded process id only).
set -euo pipefail
DIR=${FOOTNOTE_LLM_DIR:-$HOME/.cache/footnote/llm}
PORT=${FOOTNOTE_LLM_PORT:-18091}
PIDFILE="$DIR/server-$PORT.pid"
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  kill "$(cat "$PIDFILE")" && echo "llm: stopped server $(cat "$PIDFILE") on port $PORT"
else
  echo "llm: no server started by llm-start.sh is running on port $PORT"
fi
rm -f "$PIDFILE"
