#!/usr/bin/env bash
# tweet-stream-bluesky(1): every option of `bluesky --help` is documented, in the page and in the
# BLUESKY SOURCE section of tweet-stream(1), the page has its sections, and mandoc -T lint finds
# nothing worse than a style note.
source "$(dirname "$0")/tweet_stream_common.sh"
PAGE="$TWEETMAP_ROOT/man/tweet-stream-bluesky.1.scd"

"$TS" bluesky --help >"$TMP/help" || fail "bluesky --help failed"
opts=$(grep -o -- '--[a-z][a-z0-9.-]*[a-z0-9]' "$TMP/help" | sort -u)
for o in --jetstream --reposts --cursor --since --max-retries --max-backoff --stall-timeout \
         --connect-timeout --max-message; do
  echo "$opts" | grep -qx -- "$o" || fail "bluesky --help does not list $o"
  grep -qF -- "*$o*" "$PAGE" || fail "tweet-stream-bluesky(1) does not document $o"
  grep -qF -- "*$o*" "$TWEETMAP_ROOT/man/tweet-stream.1.scd" || fail "tweet-stream(1) does not name $o"
done
for s in NAME SYNOPSIS DESCRIPTION PROTOCOL OPTIONS "RECONNECTS AND RESUME" STATISTICS MEMORY \
         "EXIT STATUS" ENVIRONMENT EXAMPLES; do
  check "tweet-stream-bluesky(1) has $s" grep -q "^# $s" "$PAGE"
done
man_lint "$PAGE"
finish
