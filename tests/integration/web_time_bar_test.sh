#!/usr/bin/env bash
# The map page's time bar (web/test/time_bar_test.mjs) in Debian's chromium against sse-serve's
# /history: scrub back an hour of posts, replay, go live again.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_ROOT=$root TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
[ -x /usr/bin/chromium ] || { echo "web_time_bar_test: error: /usr/bin/chromium missing (scripts/setup installs it)"; exit 1; }
bash "$root/scripts/deps/60-web.sh"
exec timeout -k 10 150 node "$root/web/test/time_bar_test.mjs"
