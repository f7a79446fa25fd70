#!/usr/bin/env bash
# tweet-stream-bluesky(1): every option of `bluesky --help` is documented, in the page and in the
# BLUESKY SOURCE section of tweet-stream(1), the page has its sections, and mandoc -T lint finds
# nothing worse than a style note.
set -uo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TS=${TWEETMAP_BIN:-$root/build/bin}/tweet-stream
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

"$TS" bluesky --help >"$tmp/help" || fail "bluesky --help failed"
opts=$(grep -o -- '--[a-z][a-z0-9.-]*[a-z0-9]' "$tmp/help" | sort -u)
for o in --jetstream --reposts --cursor --since --max-retries --max-backoff --stall-timeout \
         --connect-timeout --max-message; do
  echo "$opts" | grep -qx -- "$o" || fail "bluesky --help does not list $o"
  grep -qF -- "*$o*" "$root/man/tweet-stream-bluesky.1.scd" || fail "tweet-stream-bluesky(1) does not document $o"
  grep -qF -- "*$o*" "$root/man/tweet-stream.1.scd" || fail "tweet-stream(1) does not name $o"
done
for s in NAME SYNOPSIS DESCRIPTION PROTOCOL OPTIONS "RECONNECTS AND RESUME" STATISTICS MEMORY \
         "EXIT STATUS" ENVIRONMENT EXAMPLES; do
  grep -q "^# $s" "$root/man/tweet-stream-bluesky.1.scd" || fail "tweet-stream-bluesky(1) has no $s section"
done
"$root/scripts/scdoc-man" "$root/man/tweet-stream-bluesky.1.scd" "$tmp/b.1" || fail "scdoc failed"
mandoc -T lint "$tmp/b.1" >"$tmp/lint" 2>&1
if grep -v ': STYLE: ' "$tmp/lint" | grep -q .; then fail "mandoc -T lint: $(grep -v ': STYLE: ' "$tmp/lint")"; fi
[ $failed -eq 0 ] && echo "ok: bluesky options documented, page lint clean"
exit $failed
