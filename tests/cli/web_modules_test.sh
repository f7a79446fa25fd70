#!/usr/bin/env bash
# Unit tests of the web page's pure modules (point store, URL state, trends snapshot reader),
# with node's own test runner; no browser.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v node >/dev/null || { echo "web_modules_test: error: node is missing"; exit 1; }
cd "$root/web"
exec node --test test/unit/
