#!/usr/bin/env bash
# tweet-stream x against the fake X server: records out match the lines in, whatever the chunking
# (keep-alives, lines split across chunks, gzip), across reconnects (a drop mid-line, an in-stream
# operational-disconnect on a connection up for 13 s, scaled: established); malformed, huge,
# invalid UTF-8 and unknown lines are skipped and counted.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"

geo_line=$(jq -cn '{data: {id: "1790000000000000001", text: "Quake felt in #Tokyo #地震",
  created_at: "2024-05-01T12:00:00.000Z", author_id: "7", lang: "ja", geo: {place_id: "p1"},
  entities: {hashtags: [{start: 14, end: 20, tag: "Tokyo"}, {start: 21, end: 24, tag: "地震"}]}},
  includes: {users: [{id: "7", username: "shake", name: "Shake"}],
    places: [{id: "p1", full_name: "Tokyo, Japan", country_code: "JP", name: "Tokyo",
      place_type: "city", geo: {type: "Feature", bbox: [139.56, 35.53, 139.92, 35.82], properties: {}}}]}}')
point_line=$(jq -cn '{data: {id: "1790000000000000002", text: "RT @x: point & more",
  created_at: "2024-05-01T12:00:01.000Z", author_id: "8", lang: "en",
  geo: {coordinates: {type: "Point", coordinates: [-0.1276, 51.5072]}},
  referenced_tweets: [{type: "retweeted", id: "1"}]},
  includes: {users: [{id: "8", username: "ldn", name: "London"}]}}')
p3=$(post_line 1790000000000000003 "third post")
p4=$(post_line 1790000000000000004 "fourth after reconnect")
p5=$(post_line 1790000000000000005 "fifth after operational disconnect")
disconnect='{"errors":[{"title":"operational-disconnect","disconnect_type":"OperationalDisconnect","detail":"This stream has been disconnected for operational reasons.","type":"https://api.twitter.com/2/problems/operational-disconnect"}]}'

jq -n --arg geo "$geo_line" --arg point "$point_line" --arg p3 "$p3" --arg p4 "$p4" --arg p5 "$p5" \
  --arg disc "$disconnect" '{
  token: env.X_BEARER_TOKEN,
  stream: [
    {status: 200, events: [
      {keepalive: 2}, {line: $geo}, {split: $point, parts: 7}, {keepalive: 1},
      {line: "{\"data\": {\"id\": truncated"}, {raw: "\u0000bad\r\n"},
      {line: "{\"something_new\":{\"x\":1}}"}, {huge: 17000000},
      {raw: ($p3 | .[0:40])}, {abort: true}]},
    {status: 200, gzip: true, events: [{keepalive: 1}, {line: $p3}, {split: $p4, parts: 3},
      {sleep: 0.13}, {line: $disc}, {hold: true}]},
    {status: 200, events: [{line: $p5}, {hold: true}]}
  ]}' >"$WORK/scenario.json"
# One line with invalid UTF-8 inside a string (bytes the JSON tools above cannot write).
python3 - "$WORK/scenario.json" <<'PY'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
bad = '{"data":{"id":"77","text":"bad \udcff\udcfe utf8","created_at":"2024-05-01T12:00:00.000Z"}}'
s["stream"][1]["events"].insert(1, {"line": bad})
json.dump(s, open(p, "w"))
PY
fakex_start "$WORK/scenario.json"

TWEETMAP_TIME_SCALE=0.01 timeout 30 "$TS" x --api-base "$FAKEX_URL" --count 5 --stats 60 \
  >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 0 ] || fail "exit status $rc, expected 0"

# The same lines replayed from a file give the expected records; x adds the tags of the rules
# that matched (post_line's matching_rules, on lines 3 to 5), which replay leaves out.
printf '%s\n' "$geo_line" "$point_line" "$p3" "$p4" "$p5" >"$WORK/in.jsonl"
"$TS" replay "$WORK/in.jsonl" |
  sed -e '1,2s/"src":"replay"}$/"src":"x"}/' -e '3,5s/"src":"replay"}$/"src":"x","rules":["tweetmap"]}/' >"$WORK/want"
[ "$(wc -l <"$WORK/want")" -eq 5 ] || fail "replay of the input gave $(wc -l <"$WORK/want") records"
diff -u "$WORK/want" "$WORK/out" >"$WORK/diff" || fail "records differ from the lines sent: $(cat "$WORK/diff")"

jq -se 'map(select(.id == "1790000000000000001"))[0] | .place == "Tokyo, Japan" and .cc == "JP" and .geo == "place"' \
  "$WORK/out" >/dev/null || fail "place fields missing"
[ "$(requests GET /2/tweets/search/stream | wc -l)" -eq 3 ] || fail "expected 3 stream connections"
grep -q "reconnecting now after the connection dropped" "$WORK/err" || fail "no reconnect line after the drop mid-line"
grep -q "reconnecting now after operational-disconnect" "$WORK/err" || fail "no reconnect line after operational-disconnect"
# Skipped and counted as malformed: truncated JSON, the NUL line, the unknown kind (no post id),
# the huge line, the line cut by the drop, the invalid UTF-8 line; the errors line is control.
stats=$(grep 'malformed=' "$WORK/err" | tail -n1)
[ -n "$stats" ] || fail "no stats line"
echo "$stats" | grep -q 'malformed=6 ' || fail "expected malformed=6 in: $stats"
echo "$stats" | grep -q 'control=1 ' || fail "expected the errors line counted as control: $stats"
grep -q 'line longer than' "$WORK/err" || fail "the huge line was not reported"
echo "ok: records match, reconnects after drop and operational-disconnect, bad lines counted"
