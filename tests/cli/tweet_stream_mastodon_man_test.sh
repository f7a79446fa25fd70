#!/usr/bin/env bash
# tweet-stream-mastodon(1) and the MASTODON SOURCE section of tweet-stream(1): every option of
# `mastodon --help` is documented in both, the pages have their sections, mandoc -T lint finds
# nothing worse than a style note, and the EXAMPLES that need no network run and exit 0.
source "$(dirname "$0")/tweet_stream_common.sh"
PAGE="$TWEETMAP_ROOT/man/tweet-stream-mastodon.1.scd"
export PATH="$TWEETMAP_BIN:$PATH"

"$TS" mastodon --help >"$TMP/help" || fail "mastodon --help failed"
opts=$(grep -o -- '--[a-z][a-z0-9.-]*[a-z0-9]' "$TMP/help" | grep -v -- '--help' | sort -u)
for o in --instance --stream --token-file --dry-run --max-retries --max-backoff; do
  check "mastodon --help lists $o" grep -qF -- "$o" "$TMP/help"
done
for page in tweet-stream-mastodon.1.scd tweet-stream.1.scd; do
  for o in $opts; do
    grep -qF -- "*$o*" "$TWEETMAP_ROOT/man/$page" && ok "$page documents $o" || fail "$page does not document $o"
  done
  check "$page mentions MASTODON_TOKEN" grep -q MASTODON_TOKEN "$TWEETMAP_ROOT/man/$page"
done
for s in PROTOCOL OPTIONS AUTHENTICATION RECONNECTS "EXIT STATUS" ENVIRONMENT EXAMPLES; do
  check "tweet-stream-mastodon(1) has $s" grep -q "^# $s" "$PAGE"
done
man_lint "$PAGE"

# EXAMPLES: each fenced command runs in a folder with a recorded statuses.jsonl.
mkdir -p "$TMP/ex" && cd "$TMP/ex" || exit 1
cp "$TWEETMAP_ROOT/tests/data/parsers/mastodon.jsonl" statuses.jsonl
man_examples "$PAGE" >"$TMP/examples"
check "EXAMPLES has runnable commands" [ "$(wc -l <"$TMP/examples")" -ge 2 ]
n=0
while IFS= read -r cmd; do
  n=$((n + 1))
  if MASTODON_TOKEN=secret-example-token timeout 60 bash -o pipefail -c "$cmd" >"$TMP/ex.out.$n" 2>"$TMP/ex.err"; then
    ok "example runs: $cmd"
  else fail "example fails: $cmd"; head -n 5 "$TMP/ex.err" >&2; fi
done <"$TMP/examples"
check "the --dry-run example prints the URL" \
  grep -qh "^url: https://mastodon.social/api/v1/streaming/hashtag/local?tag=rust" "$TMP"/ex.out.*
check "the replay example places the statuses from their Location fields" jq -e -s 'length == 4 and all(.geo == "profile")' placed.jsonl
finish
