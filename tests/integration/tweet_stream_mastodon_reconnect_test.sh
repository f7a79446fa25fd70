#!/usr/bin/env bash
# tweet-stream mastodon when the connection goes wrong: a stream dropped mid-event is reconnected
# and a status sent again on the new connection is written once; heartbeats keep the stall
# detector quiet while a silent stream is dropped and reconnected; 503 and a refused connection
# are retried with backoff; a stream that ends soon after connecting counts as a failure, so
# --max-retries ends a server that accepts and closes at once (exit 1).
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakemastodon/lib.sh"

# 1. A drop in the middle of an event, then the same statuses again (and a new one).
part=$(status 3 | cut -c1-40)
jq -n --argjson a "$(status 1)" --argjson b "$(status 2)" --argjson c "$(status 3)" --arg part "$part" \
  '{token: env.MASTODON_TOKEN, stream: [
     {events: [{update: $a}, {update: $b}, {raw: ("event: update\ndata: " + $part)}, {abort: true}]},
     {events: [{update: $b}, {update: $c}, {hold: true}]}]}' >"$WORK/drop.json"
fakemastodon_start "$WORK/drop.json"
timeout 30 "$TS" mastodon --instance "$FAKEM_URL" --count 3 -v >"$WORK/out" 2>"$WORK/err" || fail "drop: exit $?"
[ "$(jq -r .id "$WORK/out" | sed 's|.*/||' | tr '\n' ' ')" = "1 2 3 " ] || fail "drop: records $(jq -r .id "$WORK/out")"
# (Immediate or backed off: with time scaled 100 times, a scheduling delay of 0.1 s on a busy
# machine already makes the connection "established".)
grep -q "reconnecting .*after the \(connection dropped\|server ended the stream\)" "$WORK/err" ||
  fail "drop: no reconnect line"
grep -q "event cut off by the end of the connection" "$WORK/err" || fail "drop: the cut-off event is not reported"
grep -q "duplicates=1 " "$WORK/err" || fail "drop: the status sent twice is not counted as a duplicate"
[ "$(stream_requests | wc -l)" -eq 2 ] || fail "drop: expected 2 connections"
pass "a mid-event drop reconnects; the cut-off event is reported; a status sent twice is written once"

# 2. Heartbeats (every 0.2 s) keep a quiet stream alive; silence past the stall timeout (45 s,
#    4.5 s at this time scale) drops and reconnects.
jq -n --argjson a "$(status 1)" --argjson b "$(status 2)" \
  '{token: env.MASTODON_TOKEN, stream: [
     {events: ([range(0; 10)] | map({sleep: 0.2}, {heartbeat: 1}) | [{update: $a}] + .
               + [{sleep: 6}])},
     {events: [{update: $b}, {hold: true}]}]}' >"$WORK/stall.json"
fakemastodon_start "$WORK/stall.json"
TWEETMAP_TIME_SCALE=0.1 timeout 30 "$TS" mastodon --instance "$FAKEM_URL" --count 2 -v >"$WORK/out" 2>"$WORK/err" ||
  fail "stall: exit $?"
[ "$(grep -c 'a stall' "$WORK/err")" -eq 1 ] || fail "stall: expected exactly one stall (heartbeats every 0.2 s must keep it quiet)"
[ "$(wc -l <"$WORK/out")" -eq 2 ] || fail "stall: expected the status of the second connection"
grep -q "heartbeats=1[1-9] " "$WORK/err" || fail "stall: heartbeats not counted"
pass "heartbeats keep the stall detector quiet; a silent stream is dropped and reconnected"

# 3. 503 twice, then the stream: retried with backoff.
jq -n --argjson a "$(status 1)" \
  '{token: env.MASTODON_TOKEN, stream: [{status: 503, error: "busy"}, {status: 503, error: "busy"},
     {events: [{update: $a}, {hold: true}]}]}' >"$WORK/503.json"
fakemastodon_start "$WORK/503.json"
timeout 30 "$TS" mastodon --instance "$FAKEM_URL" --count 1 >"$WORK/out" 2>"$WORK/err" || fail "503: exit $?"
[ "$(grep -c 'reconnecting in .* after HTTP 503' "$WORK/err")" -eq 2 ] || fail "503: expected two reconnect lines"
# Exponential from 5 s (scaled to 50 ms) with up to half again of jitter: the second wait is
# 10 s to 15 s.
grep -q "reconnecting in [5-7]\(\.[0-9]*\)\?s after HTTP 503" "$WORK/err" || fail "503: first delay not 5-7.5 s"
grep -q "reconnecting in 1[0-5]\(\.[0-9]*\)\?s after HTTP 503" "$WORK/err" || fail "503: second delay not 10-15 s"
pass "HTTP 503 is retried with exponential backoff and jitter"

# 4. A server that accepts and ends at once: every connection is a failure; --max-retries 2.
jq -n '{token: env.MASTODON_TOKEN, stream: [], then: {events: [{end: true}]}}' >"$WORK/short.json"
fakemastodon_start "$WORK/short.json"
# Time scaled by 10 only: "established" is then 1 s, far above any scheduling delay.
TWEETMAP_TIME_SCALE=0.1 timeout 30 "$TS" mastodon --instance "$FAKEM_URL" --max-retries 2 >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 1 ] || fail "short streams: exit $rc, expected 1"
grep -q "giving up after 2 retries; last: the server ended the stream within 10s of connecting" "$WORK/err" ||
  fail "short streams: unclear message"
[ "$(stream_requests | wc -l)" -eq 3 ] || fail "short streams: expected 3 connections"
pass "a stream ending soon counts as a failure; --max-retries ends it (exit 1)"

# 5. Nothing listening: network errors, retried, then given up.
port=$(free_port)
timeout 30 "$TS" mastodon --instance "http://127.0.0.1:$port" --max-retries 1 >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] || fail "refused: exit 1 expected"
grep -q "giving up after 1 retry; last: network error" "$WORK/err" || fail "refused: unclear message"
pass "a refused connection is retried, then given up (exit 1)"
