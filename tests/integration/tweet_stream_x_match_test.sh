#!/usr/bin/env bash
# The server's match is authoritative for `x`: --track becomes a rule and is not applied again
# in the client. X matches rules against more than the visible text, so each of these posts,
# matched by the rule "kafka" but without the word in its `text`, must come out: a link whose
# expanded URL holds the term, a repost truncated at "…", a long note_tweet, Japanese text.
# Each record carries the tags of the rules that matched it (`rules`, from matching_rules).
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"

mk() {  # mk ID TEXT [EXTRA_DATA_FIELDS_JSON]
  jq -cn --arg id "$1" --arg text "$2" --argjson extra "${3:-{\}}" \
    '{data: ({id: $id, text: $text, created_at: "2024-05-01T12:00:00.000Z", author_id: "42",
       lang: "en"} + $extra), includes: {users: [{id: "42", username: "mapper", name: "Map Per"}]},
      matching_rules: [{id: "1", tag: "tweetmap"}, {id: "2"}]}'
}
p1=$(mk 1 "read this https://t.co/abc" \
  '{"entities":{"urls":[{"url":"https://t.co/abc","expanded_url":"https://kafka.apache.org/"}]}}')
p2=$(mk 2 "RT @dev: a long post about stream processing and message brokers, the one we use is…" \
  '{"referenced_tweets":[{"type":"retweeted","id":"9"}]}')
p3=$(mk 3 "The first part of a long post" \
  '{"note_tweet":{"text":"The first part of a long post, and later it names Kafka"}}')
p4=$(mk 4 "カフカの小説を読んだ" '{"lang":"ja"}')

jq -n --arg p1 "$p1" --arg p2 "$p2" --arg p3 "$p3" --arg p4 "$p4" \
  '{rules: [{id: "1", value: "kafka", tag: "tweetmap"}],
    stream: [{status: 200, events: [{line: $p1}, {line: $p2}, {line: $p3}, {line: $p4}, {hold: true}]}]}' \
  >"$WORK/match.json"
fakex_start "$WORK/match.json"
timeout 20 "$TS" --track kafka x --api-base "$FAKEX_URL" --count 4 >"$WORK/out" 2>"$WORK/err" ||
  fail "exit $? (posts matched by the server were dropped by the client?)"
[ "$(jq -r .id "$WORK/out" | tr '\n' ' ')" = "1 2 3 4 " ] ||
  fail "expected posts 1 2 3 4, got: $(jq -r .id "$WORK/out" | tr '\n' ' ')"
[ "$(jq -c .rules "$WORK/out" | sort -u)" = '["tweetmap","2"]' ] ||
  fail "every record should carry rules [\"tweetmap\",\"2\"] (tag, else id), got: $(jq -c .rules "$WORK/out" | tr '\n' ' ')"
[ -z "$(jq -c 'select(.event == "request" and .method == "POST")' "$FAKEX_LOG")" ] ||
  fail "the rule was in place; nothing should be posted"
echo "ok: every post the server matched is written"
