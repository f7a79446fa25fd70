#!/usr/bin/env bash
# tweet-stream mastodon against the fake streaming server: update events become records (the
# Mastodon fields), delete / status.update / other events and heartbeats are counted (--stats and
# the closing summary), never written; each --stream form opens its endpoint; the token goes as
# a bearer header; --count, the filters, --raw and --geocode work on the statuses.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakemastodon/lib.sh"

berlin=$(status 2 'Guten Morgen #<span>Berlin</span>' \
  '{language: "de", tags: [{name: "Berlin"}], account: {id: "2", username: "anna", acct: "anna@chaos.social", display_name: "Anna", fields: [{name: "Location", value: "Berlin, Germany"}]}}')
reblog=$(status 3 '' "$(jq -cn --argjson r "$(status 30 'boosted &amp; shared')" '{language: null, content: "", reblog: $r}')")
jq -n --argjson a "$(status 1 'first post')" --argjson b "$berlin" --argjson c "$reblog" \
  --argjson e "$(status 1 'first post, edited')" --argjson d "$(status 4 'last one')" \
  '{token: env.MASTODON_TOKEN, stream: [{events: [
      {update: $a}, {heartbeat: 2}, {delete: "99"}, {update: $b}, {edit: $e},
      {event: "notification", data: "{}"}, {update: $c}, {delete: "1"}, {update: $d},
      {heartbeat: 1}, {end: true}]}],
    then: {status: 503, error: "over"}}' >"$WORK/scenario.json"
fakemastodon_start "$WORK/scenario.json"

timeout 30 "$TS" mastodon --instance "$FAKEM_URL" --geocode none --count 4 --stats 60 -v \
  >"$WORK/out" 2>"$WORK/err" || fail "exit $?"
[ "$(wc -l <"$WORK/out")" -eq 4 ] || fail "expected 4 records"
[ "$(jq -r .id "$WORK/out" | sed 's|.*/||' | tr '\n' ' ')" = "1 2 3 4 " ] || fail "ids are not the status uris in order"
jq -e -s '.[0].id == "https://fake.example/users/u/statuses/1" and .[0].text == "first post"
  and .[0].user == "u" and .[0].name == "U" and .[0].lang == "en" and .[0].ts == 1714564800000
  and .[0].src == "mastodon" and .[0].rt == false' "$WORK/out" >/dev/null || fail "record fields"
jq -e -s '.[1].user == "anna@chaos.social" and .[1].tags == ["berlin"] and .[1].lang == "de"
  and .[1].text == "Guten Morgen #Berlin"' "$WORK/out" >/dev/null || fail "tags, acct, language"
jq -e -s '.[2].rt == true and .[2].text == "boosted & shared"' "$WORK/out" >/dev/null ||
  fail "a reblog is rt with the reblogged content"
pass "update events become records with the Mastodon fields; edits and deletes are not written"
grep -q "updates=4 deletes=2 edits=1 other=1 heartbeats=3 " "$WORK/err" ||
  fail "event counters missing from --stats / summary"
grep -q "stats: in=4 out=4 .*updates=4 deletes=2 edits=1" "$WORK/err" || fail "--stats line lacks the event counters"
pass "deletes, edits, other events and heartbeats are counted in --stats and the summary"
stream_requests | head -n1 | jq -e --arg t "Bearer $MASTODON_TOKEN" \
  '.path == "/api/v1/streaming/public" and .auth == $t and .accept == "text/event-stream"' >/dev/null ||
  fail "the request: path, bearer token, Accept"
pass "GET /api/v1/streaming/public with the bearer token"

# Each --stream form opens its endpoint (the fake answers every path; 503 after the first plan).
check_stream() {
  : >"$FAKEM_LOG"
  timeout 20 "$TS" mastodon --instance "$FAKEM_URL" --stream "$1" --max-retries 0 >/dev/null 2>&1
  stream_requests | head -n1 | jq -e --arg p "$2" --arg q "$3" '.path == $p and .query == $q' >/dev/null ||
    fail "--stream $1: expected $2?$3, got $(stream_requests | head -n1)"
}
check_stream public:local /api/v1/streaming/public/local ""
check_stream public:remote /api/v1/streaming/public/remote ""
check_stream public:media /api/v1/streaming/public only_media=true
check_stream 'hashtag:#Café' /api/v1/streaming/hashtag tag=Caf%C3%A9
check_stream hashtag:local:rust /api/v1/streaming/hashtag/local tag=rust
check_stream user /api/v1/streaming/user ""
check_stream list:12 /api/v1/streaming/list list=12
pass "every --stream form opens its endpoint and query"
"$TS" mastodon --instance "$FAKEM_URL" --stream 'hashtag:' >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] || fail "--stream hashtag: without a tag should be a usage error"
grep -q "no hashtag" "$WORK/err" || fail "unclear --stream error"
"$TS" mastodon --instance "ftp://x" >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] || fail "a bad --instance should be a usage error"
pass "bad --stream and --instance are usage errors (exit 2)"

# Filters, --raw and --geocode on the statuses (a fresh server for each run).
run() { fakemastodon_start "$WORK/scenario.json"; timeout 30 "$TS" mastodon --instance "$FAKEM_URL" "$@" >"$WORK/out" 2>"$WORK/err"; }
run --lang de --geocode none --max-retries 0
[ "$(jq -r .lang "$WORK/out")" = de ] || fail "--lang de"
run --track berlin --geocode none --max-retries 0
[ "$(jq -r .id "$WORK/out" | sed 's|.*/||')" = 2 ] || fail "--track berlin"
run --no-retweets --geocode none --max-retries 0
[ "$(jq -s 'map(.rt) | any' "$WORK/out")" = false ] && [ "$(wc -l <"$WORK/out")" -eq 3 ] || fail "--no-retweets"
run --geocode profile --geo-only --max-retries 0
jq -e -s 'length == 1 and .[0].geo == "profile" and .[0].cc == "DE"' "$WORK/out" >/dev/null ||
  fail "--geocode profile places the Berlin post from its Location field"
run --geocode profile --locations 13,52,14,53 --max-retries 0
[ "$(jq -r .user "$WORK/out")" = anna@chaos.social ] || fail "--locations with a geocoded post"
run --raw --count 2 --geocode none
jq -e -s '.[0].uri == "https://fake.example/users/u/statuses/1" and .[1].account.acct == "anna@chaos.social"' \
  "$WORK/out" >/dev/null || fail "--raw writes the status JSON as it came"
pass "--lang, --track, --no-retweets, --geocode/--geo-only, --locations and --raw work on statuses"
