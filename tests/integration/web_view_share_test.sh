#!/usr/bin/env bash
# The language filter, the "no reposts" toggle, the copy-link button and Back/Forward through
# views (web/test/view_share_test.mjs) in Debian's chromium against sse-serve.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_ROOT=$root TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
[ -x /usr/bin/chromium ] || { echo "web_view_share_test: error: /usr/bin/chromium missing (scripts/setup installs it)"; exit 1; }
bash "$root/scripts/deps/60-web.sh"
exec timeout -k 10 150 node "$root/web/test/view_share_test.mjs"
