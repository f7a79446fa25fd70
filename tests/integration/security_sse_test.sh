#!/usr/bin/env bash
# sse-serve under abuse: connection, half-open request, header-count, body and pipelined floods,
# and the access token kept out of /proc and /metrics (docs/SECURITY.md). The cases live in
# tests/integration/security_sse.py (Python standard library only); pass case names to run a few.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
if [ ! -e "$root/tools/sse-serve/main.cpp" ]; then echo "skipped: no sse-serve in this tree"; exit 0; fi
[ -x "$TWEETMAP_BIN/sse-serve" ] || { echo "FAIL: $TWEETMAP_BIN/sse-serve not built" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec timeout 400 python3 -u "$root/tests/integration/security_sse.py" "$@"
