#!/usr/bin/env bash
# tweet-stream mastodon against a hostile server: an event far over the size limit (on one line
# and as many data lines) is dropped and reported while the stream goes on with bounded memory;
# invalid UTF-8 and broken JSON in an update are malformed (reported, counted) and the stream goes
# on; a 200 response that is no event stream is one clear error (exit 1).
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakemastodon/lib.sh"

# An update of 41 data lines of 60 kB each (2.4 MB in all).
python3 -c 'print("event: update\n" + ("data: " + "z" * 60000 + "\n") * 41 + "\n", end="")' >"$WORK/lines"
# An update whose JSON holds a byte that is not UTF-8.
bad_hex=$(python3 -c 'import sys; sys.stdout.write(b"event: update\ndata: {\"uri\":\"https://fake.example/bad\",\"created_at\":\"2024-05-01T12:00:00Z\",\"content\":\"\xff\"}\n\n".hex())')
jq -n --argjson a "$(status 1)" --argjson b "$(status 2)" --argjson c "$(status 3)" --rawfile lines "$WORK/lines" \
  --argjson d "$(status 4)" --arg bad "$bad_hex" \
  '{token: env.MASTODON_TOKEN, stream: [{events: [
     {update: $a}, {huge: 100000000}, {update: $b}, {raw: $lines},
     {raw_hex: $bad},
     {event: "update", data: "{\"uri\": \"https://fake.example/cut\", "},
     {update: $c}, {update: $d}, {hold: true}]}]}' >"$WORK/hostile.json"
fakemastodon_start "$WORK/hostile.json"
/usr/bin/time -f '%M' -o "$WORK/rss" timeout 120 "$TS" mastodon --instance "$FAKEM_URL" --count 4 -v \
  >"$WORK/out" 2>"$WORK/err" || fail "exit $?"
[ "$(jq -r .id "$WORK/out" | sed 's|.*/||' | tr '\n' ' ')" = "1 2 3 4 " ] || fail "records around the hostile events"
[ "$(grep -c 'malformed line skipped.*event larger than 1048576 bytes' "$WORK/err")" -eq 2 ] ||
  fail "the two oversized events are not both reported"
grep -q "oversized=2 " "$WORK/err" || fail "oversized events not counted"
grep -q "mastodon:[0-9]*: malformed line skipped: invalid UTF-8" "$WORK/err" || fail "invalid UTF-8 not reported"
grep -q "mastodon:[0-9]*: malformed line skipped: truncated or unbalanced JSON" "$WORK/err" ||
  fail "broken JSON not reported"
rss_kb=$(cat "$WORK/rss")
[ "$rss_kb" -lt 200000 ] || fail "a 100 MB event took $rss_kb kB of memory"
pass "a 100 MB event and a 2.4 MB multi-line event are dropped and reported (max RSS ${rss_kb} kB)"
pass "invalid UTF-8 and broken JSON are malformed, reported, and the stream goes on"

# A 200 that is an HTML page, not an event stream.
jq -n '{token: env.MASTODON_TOKEN, stream: [{content_type: "text/html; charset=utf-8"}]}' >"$WORK/html.json"
fakemastodon_start "$WORK/html.json"
timeout 20 "$TS" mastodon --instance "$FAKEM_URL" >"$WORK/out" 2>"$WORK/err"
[ $? -eq 1 ] || fail "HTML: exit 1 expected"
grep -q "is not an event stream (Content-Type: text/html): is .* a Mastodon server?" "$WORK/err" || fail "HTML: unclear"
[ "$(stream_requests | wc -l)" -eq 1 ] || fail "HTML: retried"
pass "a response that is no event stream is one clear error, not retried"
