#!/usr/bin/env bash
# ESLint over the map page (web/src, web/test, web/build.mjs) with the pinned eslint of
# web/package.json (installed by scripts/deps/60-web.sh). Exit 0 when clean, 1 on findings,
# 2 when eslint is not installed.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root/web"
if [ ! -x node_modules/.bin/eslint ]; then
  echo "eslint: error: web/node_modules/.bin/eslint missing (run scripts/setup)" >&2
  exit 2
fi
exec node_modules/.bin/eslint --max-warnings 0 src test build.mjs eslint.config.mjs
