#!/usr/bin/env bash
# Runs one file of sse-serve cases (tests/sse/test_*.py, Python standard library only) against
# $TWEETMAP_BIN/sse-serve, for the CTest scripts tests/cli/sse_serve_*_test.sh and
# tests/integration/sse_clients_test.sh:
#   tests/sse/run_cases.sh test_http.py [CASE...]     (case names run only those)
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export TWEETMAP_BIN=${TWEETMAP_BIN:-$root/build/bin}
[ -x "$TWEETMAP_BIN/sse-serve" ] || { echo "FAIL: $TWEETMAP_BIN/sse-serve not built" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cd "$root/tests/sse"
cases=$1
shift
exec timeout 180 python3 -u "$cases" "$@"
