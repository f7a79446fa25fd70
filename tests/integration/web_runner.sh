#!/usr/bin/env bash
# Runs one browser test of the map page: web_runner.sh NAME SECONDS [TOOL...]
# web/test/NAME_test.mjs in Debian's chromium (npm playwright-core, scripts/deps/60-web.sh), with
# TWEETMAP_ROOT and TWEETMAP_BIN set, killed after SECONDS. Each TOOL must be built in
# TWEETMAP_BIN. Used by the tests/integration/web_*_test.sh wrappers.
set -euo pipefail
name=$1 seconds=$2
shift 2
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_ROOT=$root TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
for tool in "$@"; do
  [ -x "$TWEETMAP_BIN/$tool" ] || { echo "web_${name}_test: error: $TWEETMAP_BIN/$tool is not built"; exit 1; }
done
[ -x /usr/bin/chromium ] || { echo "web_${name}_test: error: /usr/bin/chromium missing (scripts/setup installs it)"; exit 1; }
bash "$root/scripts/deps/60-web.sh"
exec timeout -k 10 "$seconds" node "$root/web/test/${name}_test.mjs"
