#!/usr/bin/env bash
# Drives the web page of a running `footnote serve` in headless Chromium (Debian's `chromium`):
# a search, a citation and an ask through the page's deep links, checking the rendered DOM,
# and saves phone-sized screenshots. `make test` runs the same checks in-process (BrowserTests).
#   scripts/browser-test.sh [BASE_URL] [QUERY]     default http://127.0.0.1:8080 checkpoint
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
query=${2:-checkpoint}
out=${OUT:-.build/browser-test}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "browser-test: chromium not found (apt-get install chromium)" >&2; exit 1; }
mkdir -p "$out"
run() { timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run \
  --virtual-time-budget=8000 "$@" 2>/dev/null; }
encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$query")

dom=$(run --dump-dom "$base/?q=$encoded" | sed 's/<script>.*//')
hits=$(grep -o '<li class="hit">' <<<"$dom" | wc -l)
[ "$hits" -gt 0 ] || { echo "browser-test: the search for '$query' rendered no hits" >&2; exit 1; }
grep -q '<mark>' <<<"$dom" || { echo "browser-test: no highlighted terms" >&2; exit 1; }
citation=$(grep -o 'data-citation="fn:[^"]*"' <<<"$dom" | head -1 | sed 's/data-citation="\(.*\)"/\1/')
run --window-size=412,915 --screenshot="$out/search-phone.png" "$base/?q=$encoded" >/dev/null
echo "search: $hits hits rendered; screenshot $out/search-phone.png"

dom=$(run --dump-dom "$base/?cite=$citation" | sed 's/<script>.*//')
grep -q '<mark id="cited">' <<<"$dom" || { echo "browser-test: citation $citation did not open" >&2; exit 1; }
echo "cite: $citation opened in context"

dom=$(run --dump-dom "$base/?ask=$encoded" | sed 's/<script>.*//')
grep -q 'class="answer-text"' <<<"$dom" || { echo "browser-test: ask rendered no answer" >&2; exit 1; }
run --window-size=412,915 --screenshot="$out/ask-phone.png" "$base/?ask=$encoded" >/dev/null
echo "ask: answer rendered; screenshot $out/ask-phone.png"
