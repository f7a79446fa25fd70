#!/usr/bin/env bash
# The documented reconnect schedule, measured against the fake X server with time scaled down
# (TWEETMAP_TIME_SCALE): HTTP 5xx back off 5 s, 10 s, 20 s; network errors 250, 500, 750 ms; 429
# from 60 s or until x-rate-limit-reset; at once after an established stream drops; a reset after
# an established stream; a stall (20 s without a byte) drops and reconnects; --max-retries
# gives up with exit 1.
# Each measured delay must be within ±20% of the documented one, scaled.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"

p1=$(post_line 1 one)
p2=$(post_line 2 two)

# delays SCALE: "documented_ms measured_ms" per reconnect, from the request log (the time from the
# end of one stream connection to the next request).
delays() {
  python3 - "$FAKEX_LOG" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
events = [e for e in events if e["event"] == "end" or e.get("path") == "/2/tweets/search/stream"]
for i, e in enumerate(events):
    if e["event"] == "end" and i + 1 < len(events):
        print(int((events[i + 1]["t"] - e["t"]) * 1000))
PY
}
# check_delays SCALE DOCUMENTED_MS...: compares the measured delays with the documented ones.
check_delays() {
  local scale=$1; shift
  mapfile -t got < <(delays)
  [ ${#got[@]} -ge $# ] || fail "expected at least $# reconnects, saw ${#got[@]}: ${got[*]}"
  local i=0 want
  for want in "$@"; do
    local scaled lo hi
    scaled=$(awk -v w="$want" -v s="$scale" 'BEGIN { printf "%d", w * s }')
    if [ "$want" -eq 0 ]; then lo=0; hi=60; else
      lo=$(awk -v x="$scaled" 'BEGIN { printf "%d", x * 0.8 }')
      hi=$(awk -v x="$scaled" 'BEGIN { printf "%d", x * 1.2 + 1 }')
    fi
    [ "${got[$i]}" -ge "$lo" ] && [ "${got[$i]}" -le "$hi" ] ||
      fail "reconnect $((i + 1)): waited ${got[$i]} ms, documented ${want} ms x $scale = ${scaled} ms (allowed $lo..$hi); all: ${got[*]}"
    echo "reconnect $((i + 1)): documented ${want} ms, scaled ${scaled} ms, measured ${got[$i]} ms"
    i=$((i + 1))
  done
}
run_x() {  # run_x SCALE ARGS...
  local scale=$1; shift
  TWEETMAP_TIME_SCALE=$scale timeout 60 "$TS" x --api-base "$FAKEX_URL" "$@" >"$WORK/out" 2>"$WORK/err"
}

# 1. HTTP errors: 503, 503, 500 (5 s, 10 s, 20 s), an established stream (it delivers and stays
#    up for 12 s, scaled: longer than the 10 s that make a connection established) that ends (at
#    once), then 503 again: back to 5 s because the established stream reset the schedule.
jq -n --arg p1 "$p1" --arg p2 "$p2" '{stream: [{status: 503}, {status: 503}, {status: 500},
  {status: 200, events: [{line: $p1}, {sleep: 0.6}, {end: true}]}, {status: 503},
  {status: 200, events: [{line: $p2}, {hold: true}]}]}' >"$WORK/http.json"
fakex_start "$WORK/http.json"
run_x 0.05 --count 2 || fail "HTTP errors run: exit $?"
check_delays 0.05 5000 10000 20000 0 5000
for l in "reconnecting in 5s after HTTP 503" "reconnecting in 10s after HTTP 503" \
         "reconnecting in 20s after HTTP 500" "reconnecting now after the server ended the stream"; do
  grep -qF "tweet-stream: $l" "$WORK/err" || fail "missing stderr line: $l"
done
[ "$(wc -l <"$WORK/out")" -eq 2 ] || fail "expected 2 records"
kill "$FAKEX_PID"; wait "$FAKEX_PID" 2>/dev/null

# 2. Network errors (connection closed without a response): 250, 500, 750 ms, real time.
jq -n --arg p1 "$p1" '{stream: [{drop: true}, {drop: true}, {drop: true},
  {status: 200, events: [{line: $p1}, {hold: true}]}]}' >"$WORK/net.json"
fakex_start "$WORK/net.json"
run_x 1 --count 1 || fail "network errors run: exit $?"
check_delays 1 250 500 750
grep -q "tweet-stream: reconnecting in 750ms after network error: " "$WORK/err" || fail "no network error line"
kill "$FAKEX_PID"; wait "$FAKEX_PID" 2>/dev/null

# 3. 429: 60 s, then x-rate-limit-reset 200 s away wins over 120 s, then 240 s.
jq -n --arg p1 "$p1" '{stream: [{status: 429}, {status: 429, reset_in: 200}, {status: 429},
  {status: 200, events: [{line: $p1}, {hold: true}]}]}' >"$WORK/429.json"
fakex_start "$WORK/429.json"
run_x 0.005 --count 1 || fail "429 run: exit $?"
check_delays 0.005 60000 199500 240000
grep -q "tweet-stream: reconnecting in 60s after HTTP 429" "$WORK/err" || fail "no 60s line"
grep -Eq "tweet-stream: reconnecting in (199|200|199\.[0-9]+)s after HTTP 429" "$WORK/err" ||
  fail "x-rate-limit-reset not honoured"
kill "$FAKEX_PID"; wait "$FAKEX_PID" 2>/dev/null

# 4. A stall: one post, then nothing for longer than 20 s (scaled to 1 s): drop and reconnect at
#    once, 20 s after the last byte.
jq -n --arg p1 "$p1" --arg p2 "$p2" '{stream: [{status: 200, events: [{line: $p1}, {stall: 30}]},
  {status: 200, events: [{line: $p2}, {hold: true}]}]}' >"$WORK/stall.json"
fakex_start "$WORK/stall.json"
run_x 0.05 --count 2 || fail "stall run: exit $?"
grep -qF "tweet-stream: reconnecting now after a stall (no data for 20s)" "$WORK/err" || fail "stall not reported"
gap=$(jq -s 'map(select(.event == "request")) | ((.[1].t - .[0].t) * 1000 | floor)' "$FAKEX_LOG")
[ "$gap" -ge 800 ] && [ "$gap" -le 1400 ] || fail "stall detected after $gap ms, expected about 1000 (20 s x 0.05)"
echo "stall: reconnected $gap ms after connecting (20 s x 0.05 = 1000 ms)"
kill "$FAKEX_PID"; wait "$FAKEX_PID" 2>/dev/null

# 5. --max-retries / --max-backoff: give up after 2 failed retries, delays capped at 1 s.
jq -n '{stream: [], then: {status: 503}}' >"$WORK/give.json"
fakex_start "$WORK/give.json"
run_x 0.05 --max-retries 2 --max-backoff 1
rc=$?
[ $rc -eq 1 ] || fail "--max-retries: exit $rc, expected 1"
grep -qF "tweet-stream: error: giving up after 2 retries; last: HTTP 503" "$WORK/err" || fail "no give-up line"
grep -qF "reconnecting in 1s after HTTP 503" "$WORK/err" || fail "--max-backoff did not cap the delay"
[ "$(requests GET /2/tweets/search/stream | wc -l)" -eq 3 ] || fail "expected 3 attempts"
echo "ok: reconnect schedule"
