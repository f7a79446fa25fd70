#!/usr/bin/env bash
# sse-serve: a read error on the input (a directory given as the input) is an error: exit 1 with
# the message, under --on-eof exit and --on-eof stay alike (man page, EXIT STATUS), never exit 0.
set -uo pipefail
bin=${TWEETMAP_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/build/bin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

for mode in exit stay; do
  timeout 20 "$bin/sse-serve" --listen 127.0.0.1:0 --on-eof "$mode" "$work" >/dev/null 2>"$work.err"
  rc=$?
  [ "$rc" -eq 1 ] && ok "--on-eof $mode: a read error exits 1" || fail "--on-eof $mode: read error gave exit $rc"
  grep -q "read failed: Is a directory" "$work.err" && ok "--on-eof $mode: the error is reported" \
    || fail "--on-eof $mode: no error message: $(head -c 300 "$work.err")"
done
rm -f "$work.err"
[ "$failures" -eq 0 ] && echo "all checks passed" || { echo "$failures check(s) failed" >&2; exit 1; }
