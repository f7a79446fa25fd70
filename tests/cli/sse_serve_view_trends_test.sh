#!/usr/bin/env bash
# sse-serve GET /trends?bbox=W,S,E,N: the view's trends from the newest `trends` snapshot it has
# read (docs/SSE.md), as JSON; a bad or missing bbox is a 400 with one line; the access token
# of /events applies; before any snapshot, "ts":null and no trends. And /events?reposts=0 leaves
# out reposts while reposts=1 (the default) keeps them.
source "$(dirname "$0")/tweet_stream_common.sh"
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../../scripts/lib.sh"
BIN=$TWEETMAP_BIN

# serve FILE [ARGS...]: starts sse-serve on FILE, waits until it has read all of it; sets srv, port.
# Each server logs to a file of its own: listening_port must not read the last one's port.
runs=0
serve() {
  local input=$1; shift
  runs=$((runs + 1))
  : >"$TMP/sse.$runs.err"
  "$BIN/sse-serve" --listen 127.0.0.1:0 "$@" "$input" >/dev/null 2>"$TMP/sse.$runs.err" &
  srv=$!
  port=$(listening_port "$TMP/sse.$runs.err")
  _read_all() { curl -s "http://127.0.0.1:$port/metrics" | grep -q '^sse_input_open 0'; }
  wait_for 10 _read_all || fail "sse-serve did not read its input"
}
stop() { kill "$srv"; wait "$srv" 2>/dev/null; }
# get PATH: the body to $TMP/body, prints the status and the content type.
get() { curl -s -o "$TMP/body" -w '%{http_code} %{content_type}' "$@"; }

# No snapshot yet.
printf '%s\n' '{"id":"1","ts":1700000000000,"text":"hi","lat":40.7,"lon":-74,"geo":"point","tags":[],"rt":false,"src":"synth"}' >"$TMP/posts.jsonl"
serve "$TMP/posts.jsonl"
check "before any snapshot: 200 application/json" [ "$(get "http://127.0.0.1:$port/trends?bbox=-180,-90,180,90")" = "200 application/json; charset=utf-8" ]
check "before any snapshot: ts null, no trends" jq -e '.ts == null and .trends == []' "$TMP/body"
stop

# Two snapshots (the second one newest), then posts: a history of 2 events has lost both.
cat >"$TMP/in.jsonl" <<'JSON'
{"type":"trends","ts":1700000330000,"window":300,"warming":false,"scopes":[{"scope":"global","trends":[{"term":"#old","count":9,"expected":1,"score":5,"cells":[{"cell":"dr5r","count":9,"center":[-74,40.7]}]}]}]}
{"type":"trends","ts":1700000340000,"window":300,"warming":false,"scopes":[{"scope":"global","trends":[{"term":"#rain","count":42,"expected":3.1,"score":6.5,"place":"New York","cells":[{"cell":"dr5r","count":30,"center":[-74,40.7]},{"cell":"gcpv","count":12,"center":[-0.12,51.5]}]}]},{"scope":"cc","cc":"GB","trends":[{"term":"#tea","count":12,"expected":0.2,"score":9.1,"cells":[{"cell":"gcpv","count":12,"center":[-0.1,51.5]}]}]},{"scope":"cell","cell":"rz0","bbox":[177,-19,-178,-16],"trends":[{"term":"#fiji","count":6,"expected":0.1,"score":5,"cells":[{"cell":"rz0a","count":6,"center":[179.5,-17.5]}]}]}]}
{"id":"2","ts":1700000341000,"text":"a","tags":[],"rt":false,"src":"synth"}
{"id":"3","ts":1700000342000,"text":"b","tags":[],"rt":false,"src":"synth"}
JSON
serve "$TMP/in.jsonl" --history 2
check "New York: 200" [ "$(get "http://127.0.0.1:$port/trends?bbox=-80,35,-70,45")" = "200 application/json; charset=utf-8" ]
check "New York: the newest snapshot's ts, though the history lost it" jq -e '.ts == 1700000340000 and .window == 300' "$TMP/body"
check "New York: #rain counted over its cell in the box (30 of 42), flying to it" \
  jq -e '[.trends[] | [.term, .count, .total, .where[0]]] == [["#rain", 30, 42, -74]]' "$TMP/body"
get "http://127.0.0.1:$port/trends?bbox=-80,35,5,55" >/dev/null
check "New York to London: best score first, #rain over both its cells" \
  jq -e '[.trends[] | [.term, .count, .scope]] == [["#tea", 12, "cc"], ["#rain", 42, "global"]]' "$TMP/body"
get "http://127.0.0.1:$port/trends?bbox=170,-25,-170,-10" >/dev/null
check "a box across the antimeridian finds the Fiji cell" jq -e '[.trends[].term] == ["#fiji"]' "$TMP/body"
get "http://127.0.0.1:$port/trends?bbox=-80,35,5,55&limit=1" >/dev/null
check "limit=1" jq -e '[.trends[].term] == ["#tea"]' "$TMP/body"
get "http://127.0.0.1:$port/trends?bbox=-40,-40,-20,-20" >/dev/null
check "the ocean: no trends" jq -e '.trends == []' "$TMP/body"
check "HEAD: 200, no body" bash -c "[ \"\$(curl -s -I -o /dev/null -w '%{http_code}' 'http://127.0.0.1:$port/trends?bbox=0,0,1,1')\" = 200 ]"
for bad in "" "bbox=" "bbox=1,2,3" "bbox=0,10,1,5" "bbox=0,0,200,1" "bbox=0,0,1,1,2,2,3,3" "bbox=0,0,1,1&limit=0"; do
  status=$(get "http://127.0.0.1:$port/trends?$bad")
  check "'$bad': 400 with a one-line reason ($(head -c 80 "$TMP/body"))" \
    bash -c "[ '${status%% *}' = 400 ] && [ \$(wc -l <'$TMP/body') = 1 ] && grep -q 'bbox\\|limit' '$TMP/body'"
done
stop

# The token of /events applies to /trends.
echo "s3cret" >"$TMP/token"
serve "$TMP/in.jsonl" --token-file "$TMP/token"
check "with --token-file: no token, 401" [ "$(get "http://127.0.0.1:$port/trends?bbox=-80,35,-70,45" | cut -d' ' -f1)" = 401 ]
check "token= opens it" [ "$(get "http://127.0.0.1:$port/trends?bbox=-80,35,-70,45&token=s3cret" | cut -d' ' -f1)" = 200 ]
check "so does Authorization: Bearer" [ "$(get -H 'Authorization: Bearer s3cret' "http://127.0.0.1:$port/trends?bbox=-80,35,-70,45" | cut -d' ' -f1)" = 200 ]
stop

# /events?reposts=0
cat >"$TMP/rt.jsonl" <<'JSON'
{"id":"10","ts":1700000000000,"text":"original","tags":[],"rt":false,"src":"x"}
{"id":"11","ts":1700000001000,"text":"RT original","tags":[],"rt":true,"src":"x"}
{"id":"12","ts":1700000002000,"text":"no rt field","tags":[],"src":"x"}
{"type":"trends","ts":1700000003000,"scopes":[]}
JSON
serve "$TMP/rt.jsonl"
ids() { curl -s -N --max-time 1 "http://127.0.0.1:$port/events?since=3600$1" | sed -n 's/^data: {"id":"\([0-9]*\)".*/\1/p; s/^event: trends$/trends/p' | tr '\n' ' '; }
check "reposts=0: no repost; posts without rt and trends still come ($(ids '&reposts=0'))" [ "$(ids '&reposts=0')" = "10 12 trends " ]
check "reposts=1 and the default keep reposts" bash -c "[ '$(ids '&reposts=1')' = '10 11 12 trends ' ] && [ '$(ids '')' = '10 11 12 trends ' ]"
check "reposts=no: 400" [ "$(get "http://127.0.0.1:$port/events?reposts=no" | cut -d' ' -f1)" = 400 ]
grep -q "reposts=" "$TMP/body" && ok "reposts=no: the reason names reposts=" || fail "reposts=no: the reason names reposts= ($(cat "$TMP/body"))"
stop
finish
