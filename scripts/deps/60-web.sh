#!/usr/bin/env bash
# The web page: installs its pinned npm packages (web/package-lock.json) and builds web/dist.
# Idempotent: skips `npm ci` when the lock file is unchanged and the build when nothing changed.
# With SETUP_CHECK=1 it only says (exit 1) whether either is due.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/web"
command -v npm >/dev/null || { echo "setup: error: npm is missing (Debian package npm)" >&2; exit 1; }

lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
src_sum=$( (cat package-lock.json build.mjs; find src -type f | LC_ALL=C sort | xargs cat) | sha256sum | cut -d' ' -f1)
if [ "${SETUP_CHECK:-0}" = 1 ]; then  # scripts/setup --check: exit 1 when npm ci or a build is due
  [ "$(cat node_modules/.tweetmap-lock 2>/dev/null)" = "$lock_sum" ] && [ -f dist/index.html ] &&
    [ "$(cat node_modules/.tweetmap-build 2>/dev/null)" = "$src_sum" ]
  exit
fi
if [ "$(cat node_modules/.tweetmap-lock 2>/dev/null)" != "$lock_sum" ]; then
  echo "setup: web: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_sum" > node_modules/.tweetmap-lock
fi

if [ ! -f dist/index.html ] || [ "$(cat node_modules/.tweetmap-build 2>/dev/null)" != "$src_sum" ]; then
  npm run --silent build >&2
  echo "$src_sum" > node_modules/.tweetmap-build
fi
