#!/usr/bin/env bash
# sse-serve: framing, ids, heartbeats, resume, reset, since=, filters, lag and disconnect policies, metrics.
# The cases live in tests/sse/test_protocol.py (Python standard library only); pass case names to run a few.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
[ -x "$TWEETMAP_BIN/sse-serve" ] || { echo "FAIL: $TWEETMAP_BIN/sse-serve not built" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cd "$root/tests/sse"
exec timeout 180 python3 -u test_protocol.py "$@"
