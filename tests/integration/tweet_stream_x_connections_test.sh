#!/usr/bin/env bash
# One connection per app: X answers a second stream connection with HTTP 429 and the
# TooManyConnections problem. The second client says so plainly in one line, backs off on X's
# 429 schedule (60 s, then 120 s; time scaled down here) and respects --max-retries; the first
# connection is not disturbed.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"

jq -n '{one_connection: true, stream: [], then: "hold"}' >"$WORK/s.json"
fakex_start "$WORK/s.json"
streams() { requests GET /2/tweets/search/stream | wc -l; }

# The first client holds the one connection.
"$TS" x --api-base "$FAKEX_URL" >"$WORK/out1" 2>"$WORK/err1" &
TOOL_PID=$!
wait_for 10 test "$(streams)" -ge 1 || fail "the first client did not connect"

# The second is refused: one plain line per attempt, 429 backoff, gives up after 2 retries.
TWEETMAP_TIME_SCALE=0.005 timeout 30 "$TS" x --api-base "$FAKEX_URL" --max-retries 2 \
  >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 1 ] || fail "second connection: exit $rc, expected 1 after --max-retries 2"
[ "$(streams)" -eq 4 ] || fail "expected 1 + 3 stream requests, saw $(streams)"
[ "$(jq -c 'select(.how == "too-many-connections")' "$FAKEX_LOG" | wc -l)" -eq 3 ] ||
  fail "the fake did not refuse three connections"
why="HTTP 429 TooManyConnections: this app's stream is already open elsewhere and X allows one connection"
[ "$(grep -c "^tweet-stream: reconnecting in 60s after $why" "$WORK/err")" -eq 1 ] ||
  fail "first refusal not reported plainly with the 60 s backoff"
[ "$(grep -c "^tweet-stream: reconnecting in 120s after $why" "$WORK/err")" -eq 1 ] ||
  fail "second refusal not backed off to 120 s"
grep -q "^tweet-stream: error: giving up after 2 retries; last: $why" "$WORK/err" ||
  fail "giving up not reported"
[ "$(wc -l <"$WORK/err")" -eq 3 ] || fail "expected exactly 3 lines on stderr"
# The waits between the attempts follow the schedule: 60 s and 120 s, x 0.005.
gaps=$(jq -s '[.[] | select(.event == "request" and .path == "/2/tweets/search/stream") | .t]
  | .[1:] | [.[1] - .[0], .[2] - .[1]] | map(. * 1000 | floor) | @tsv' -r "$FAKEX_LOG")
read -r g1 g2 <<<"$gaps"
[ "$g1" -ge 240 ] && [ "$g2" -ge 480 ] || fail "backoff too short: waited $g1 and $g2 ms (want >= 300*0.8 and 600*0.8)"
kill -0 "$TOOL_PID" 2>/dev/null || fail "the first client stopped"
echo "ok: second connection refused plainly, waits $g1 ms and $g2 ms (60 s and 120 s scaled by 0.005)"
