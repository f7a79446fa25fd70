#!/usr/bin/env bash
# Each trend's curve over time and "In this view" from sse-serve's GET /trends?bbox=
# (web/test/trend_curves_test.mjs) in Debian's chromium: sparklines, the larger chart with its
# words and table, the bounded history of snapshots, the server's view trends and the page's
# own fallback against the stand-in server.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_ROOT=$root TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
[ -x /usr/bin/chromium ] || { echo "web_trend_curves_test: error: /usr/bin/chromium missing (scripts/setup installs it)"; exit 1; }
bash "$root/scripts/deps/60-web.sh"
exec timeout -k 10 150 node "$root/web/test/trend_curves_test.mjs"
