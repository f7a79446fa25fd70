#!/usr/bin/env bash
# One rule for unpaired UTF-16 surrogate escapes ("\ud83d" alone: a post cut in the middle of an
# emoji), the one docs/RECORD.md (Text) states: the line is kept, and where a tool decodes the
# string it holds U+FFFD in place of the lone surrogate. The same cases (the surrogate in the text,
# the place, a hashtag and the user name; a lone high and a lone low one) through tweet-stream
# replay (X posts), tweet-trends and sse-serve (records). Before, tweet-trends dropped a record
# with one in its place or tags and sse-serve dropped the line as "not a JSON object".
source "$(dirname "$0")/tweet_stream_common.sh"
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../../scripts/lib.sh"
BIN=$TWEETMAP_BIN
fffd=$'\xEF\xBF\xBD'
V1="$DATA/v1.jsonl"

# tweet-stream: one post per case, each with its own id.
python3 - "$V1" "$TMP/posts.jsonl" <<'PY'
import sys
line = open(sys.argv[1], encoding="utf-8").readline().rstrip("\n")
cases = [
    ('"text":"Fish', '"text":"\\ud83dFish'),
    ('"full_name":"Trelleborg, Sverige"', '"full_name":"Trelleborg \\ud83d, Sverige"'),
    ('"hashtags":[{"text":"Trelleborg"', '"hashtags":[{"text":"Trelleborg\\ud83d"'),
    ('"screen_name":"Map_Game"', '"screen_name":"Map_Game\\ude00"'),
]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i, (old, new) in enumerate(cases):
        assert old in line, old
        post = line.replace(old, new, 1).replace("664239896698208257", f"66423989669820825{i}")
        out.write(post + "\n")
PY
"$TS" -q replay --geocode none "$TMP/posts.jsonl" >"$TMP/ts.out" 2>"$TMP/ts.err"
check "tweet-stream: every post with a lone surrogate is kept ($(wc -l <"$TMP/ts.out") of 4)" \
  [ "$(wc -l <"$TMP/ts.out")" = 4 ]
check "tweet-stream: nothing reported as malformed" bash -c "! grep -qi malformed '$TMP/ts.err'"
for field in text place tags user; do
  check "tweet-stream: U+FFFD in the $field" \
    bash -c "jq -r '.$field | if type == \"array\" then join(\" \") else . end' '$TMP/ts.out' | grep -q '$fffd'"
done

# The same cases as records.
cat >"$TMP/records.jsonl" <<'JSON'
{"id":"2001","ts":1447202107010,"text":"cut \ud83d emoji","tags":["map"],"rt":false,"src":"replay"}
{"id":"2002","ts":1447202108010,"text":"place","place":"Trelleborg \ud83d","cc":"SE","lat":55.37,"lon":13.15,"geo":"point","tags":[],"rt":false,"src":"replay"}
{"id":"2003","ts":1447202109010,"text":"tag","tags":["map\ud83d","fika"],"rt":false,"src":"replay"}
{"id":"2004","ts":1447202110010,"text":"user","user":"Map_Game\ude00","tags":[],"rt":false,"src":"replay"}
JSON

# tweet-trends passes every record through and counts none as malformed.
"$BIN/tweet-trends" "$TMP/records.jsonl" >"$TMP/trends.out" 2>"$TMP/trends.err"
# (Python's json reads a lone surrogate escape; jq refuses it.)
ids=$(python3 -c 'import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if "type" not in r: print(r["id"], end=" ")' "$TMP/trends.out")
check "tweet-trends: every record with a lone surrogate is kept (got '$ids')" \
  [ "$ids" = "2001 2002 2003 2004 " ]
check "tweet-trends: nothing reported as malformed" bash -c "! grep -qi malformed '$TMP/trends.err'"

# sse-serve publishes every line (byte for byte) and skips none.
"$BIN/sse-serve" --listen 127.0.0.1:0 "$TMP/records.jsonl" >/dev/null 2>"$TMP/sse.err" &
srv=$!
port=$(listening_port "$TMP/sse.err")
metrics=$(sse_drained_metrics "$port")
curl -s -N --max-time 2 "http://127.0.0.1:$port/events?since=3600" >"$TMP/sse.events" || true
kill "$srv"; wait "$srv" 2>/dev/null
check "sse-serve: every line with a lone surrogate is an event" grep -q '^sse_events_in_total 4$' <<<"$metrics"
check "sse-serve: nothing skipped" grep -q '^sse_input_skipped_total 0$' <<<"$metrics"
check "sse-serve: no 'not a JSON object' on stderr" bash -c "! grep -q 'not a JSON object' '$TMP/sse.err'"
grep '^data: ' "$TMP/sse.events" | sed 's/^data: //' >"$TMP/sse.data"
same_file "sse-serve: the lines are served byte for byte" "$TMP/records.jsonl" "$TMP/sse.data"
finish
