#!/usr/bin/env bash
# The map page's views, lists and counters (web/test/map_views_test.mjs) in Debian's chromium
# against sse-serve: world copies, drags, density labels, age and posts/s from ts, stacked posts,
# the notice beside popups, the phone's place box, tags, direction isolation, CJK/emoji fonts.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_ROOT=$root TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
[ -x /usr/bin/chromium ] || { echo "web_map_views_test: error: /usr/bin/chromium missing (scripts/setup installs it)"; exit 1; }
bash "$root/scripts/deps/60-web.sh"
exec timeout -k 10 150 node "$root/web/test/map_views_test.mjs"
