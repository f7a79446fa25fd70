#!/usr/bin/env bash
# tweet-stream-x(1) and the X SOURCE section of tweet-stream(1): every option of `x --help` and
# `x rules --help` is documented in both, and mandoc -T lint finds nothing worse than a style note.
source "$(dirname "$0")/tweet_stream_common.sh"

{ "$TS" x --help && "$TS" x rules --help; } >"$TMP/help" || fail "x --help failed"
opts=$(grep -o -- '--[a-z][a-z0-9.-]*[a-z0-9]' "$TMP/help" | grep -v -- '--help' | sort -u)
check "x --help lists at least 9 options" [ "$(echo "$opts" | wc -l)" -ge 9 ]
for page in tweet-stream-x.1.scd tweet-stream.1.scd; do
  for o in $opts; do
    grep -qF -- "*$o*" "$TWEETMAP_ROOT/man/$page" || fail "$page does not document $o"
  done
  for s in "EXIT STATUS" ENVIRONMENT EXAMPLES; do
    check "$page has $s" grep -q "^# $s" "$TWEETMAP_ROOT/man/$page"
  done
  check "$page mentions X_BEARER_TOKEN" grep -q 'X_BEARER_TOKEN' "$TWEETMAP_ROOT/man/$page"
done
for s in RULES AUTHENTICATION RECONNECTS; do
  check "tweet-stream-x(1) has $s" grep -q "^# $s" "$TWEETMAP_ROOT/man/tweet-stream-x.1.scd"
done
man_lint "$TWEETMAP_ROOT/man/tweet-stream-x.1.scd"
finish
