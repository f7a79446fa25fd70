#!/usr/bin/env bash
# The trends panel (web/test/trends_panel_test.mjs) in Debian's chromium against sse-serve and the
# real synth | tweet-trends pipeline: warm-up progress, counts with their unit and how unusual,
# one heading per region, "nothing is trending", "In this view" from the server, accessibility.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_ROOT=$root TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
[ -x /usr/bin/chromium ] || { echo "web_trends_panel_test: error: /usr/bin/chromium missing (scripts/setup installs it)"; exit 1; }
bash "$root/scripts/deps/60-web.sh"
exec timeout -k 10 180 node "$root/web/test/trends_panel_test.mjs"
