#!/usr/bin/env bash
# The post list (drawn box, density circle, 50,000 posts), posts per country, place search and
# the help dialog (web/test/browse_test.mjs) in Debian's chromium against sse-serve.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_ROOT=$root TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
[ -x /usr/bin/chromium ] || { echo "web_browse_test: error: /usr/bin/chromium missing (scripts/setup installs it)"; exit 1; }
bash "$root/scripts/deps/60-web.sh"
exec timeout -k 10 180 node "$root/web/test/browse_test.mjs"
