#!/usr/bin/env bash
# tweet-stream-x(1) and the X SOURCE section of tweet-stream(1): every option of `x --help` and
# `x rules --help` is documented in both, and mandoc -T lint finds nothing worse than a style note.
set -uo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TS=${TWEETMAP_BIN:-$root/build/bin}/tweet-stream
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

{ "$TS" x --help && "$TS" x rules --help; } >"$tmp/help" || fail "x --help failed"
opts=$(grep -o -- '--[a-z][a-z0-9.-]*[a-z0-9]' "$tmp/help" | grep -v -- '--help' | sort -u)
[ "$(echo "$opts" | wc -l)" -ge 9 ] || fail "x --help lists too few options: $opts"
for page in tweet-stream-x.1.scd tweet-stream.1.scd; do
  for o in $opts; do
    grep -qF -- "*$o*" "$root/man/$page" || fail "$page does not document $o"
  done
  for s in "EXIT STATUS" ENVIRONMENT EXAMPLES; do
    grep -q "^# $s" "$root/man/$page" || fail "$page has no $s section"
  done
  grep -q 'X_BEARER_TOKEN' "$root/man/$page" || fail "$page does not mention X_BEARER_TOKEN"
done
for s in RULES AUTHENTICATION RECONNECTS; do
  grep -q "^# $s" "$root/man/tweet-stream-x.1.scd" || fail "tweet-stream-x(1) has no $s section"
done
"$root/scripts/scdoc-man" "$root/man/tweet-stream-x.1.scd" "$tmp/x.1" || fail "scdoc failed"
mandoc -T lint "$tmp/x.1" >"$tmp/lint" 2>&1
if grep -v ': STYLE: ' "$tmp/lint" | grep -q .; then fail "mandoc -T lint: $(grep -v ': STYLE: ' "$tmp/lint")"; fi
[ $failed -eq 0 ] && echo "ok: x options documented, pages lint clean"
exit $failed
