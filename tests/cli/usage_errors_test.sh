#!/usr/bin/env bash
# Usage errors of every tool: exit 2, one error line and a pointer to --help, and never an echo of
# an unexpected argument's value (it may be a secret typed on the command line).
set -uo pipefail
bin=${TWEETMAP_BIN:?}
fails=0
check() { local what=$1; shift; if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fails=$((fails + 1)); fi; }
err=$(mktemp); trap 'rm -f "$err"' EXIT
for tool in tweet-stream kafka-pub kafka-sub tweet-trends sse-serve; do
  [ -x "$bin/$tool" ] || { echo "FAIL: $tool not built"; fails=$((fails + 1)); continue; }
  for args in "--bearer-token s3cr3t-value-1" "--bearer-token=s3cr3t-value-1" "--no-such-option"; do
    # shellcheck disable=SC2086
    "$bin/$tool" $args </dev/null >/dev/null 2>"$err"
    rc=$?
    check "$tool $args: exit 2" [ "$rc" -eq 2 ]
    check "$tool $args: error line" grep -q "^$tool: error: " "$err"
    check "$tool $args: points to --help" grep -q -- "--help" "$err"
    check "$tool $args: value not echoed" bash -c "! grep -q s3cr3t-value-1 '$err'"
  done
done
"$bin/tweet-stream" x --bearer-token=s3cr3t-value-1 </dev/null >/dev/null 2>"$err"
check "tweet-stream x --bearer-token=...: exit 2" [ $? -eq 2 ]
check "tweet-stream x --bearer-token=...: value not echoed" bash -c "! grep -q s3cr3t-value-1 '$err'"
check "tweet-stream x --bearer-token=...: option named" grep -q -- "--bearer-token=" "$err"
[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
