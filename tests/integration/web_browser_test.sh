#!/usr/bin/env bash
# The map page in a real browser (Debian's chromium driven by npm playwright-core) against
# sse-serve fed by tests/data/web_posts.jsonl. Screenshots go to build/artifacts/web-*.png.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_ROOT=$root
export TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
[ -x /usr/bin/chromium ] || { echo "web_browser_test: error: /usr/bin/chromium missing (scripts/setup installs it)"; exit 1; }
# The page and the npm packages (no-op when up to date).
bash "$root/scripts/deps/60-web.sh"
[ -x "$TWEETMAP_BIN/sse-serve" ] || echo "web_browser_test: note: $TWEETMAP_BIN/sse-serve not built; using the stand-in server"
# node's own watchdog ends the run at 150 s; timeout is the last resort (it also stops chromium).
exec timeout -k 10 200 node "$root/web/test/browser_test.mjs"
