#!/usr/bin/env bash
# scripts/demo's first minute (web/test/demo_trends_test.mjs) in Debian's chromium: trends, global
# and regional, on the page within 45 s of the demo printing its URL.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${TWEETMAP_BIN:-$root/build/bin}
export TWEETMAP_ROOT=$root TWEETMAP_BIN=$bin
for tool in tweet-stream tweet-trends sse-serve; do
  [ -x "$bin/$tool" ] || { echo "web_demo_trends_test: error: $bin/$tool is not built"; exit 1; }
done
[ -x /usr/bin/chromium ] || { echo "web_demo_trends_test: error: /usr/bin/chromium missing (scripts/setup installs it)"; exit 1; }
bash "$root/scripts/deps/60-web.sh"
exec timeout -k 10 130 node "$root/web/test/demo_trends_test.mjs"
