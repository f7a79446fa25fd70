#!/usr/bin/env bash
# tweet-stream bluesky resumes: after a drop it reconnects with cursor= a little (5 s) before the
# last time_us it saw and writes no post twice; --cursor and --since start in the past; a stall
# (no message for --stall-timeout) reconnects; an established connection that drops comes back
# at once (0..1 s) and resets the failure count.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakejetstream/lib.sh"

posts=$(verdict count "$EVENTS")

# 1. A drop mid-stream (after 15 events): the next connection's cursor lies before the last
#    time_us of the first, the overlap is replayed by the server and skipped by the client.
fakejs_start "$(scenario '{"connections": [{"send": 15, "after": "drop"}], "then": {"after": "stay"}}')"
TWEETMAP_TIME_SCALE=0.05 run_bluesky --count "$posts" --geocode none
[ "$rc" -eq 0 ] || fail "resume: exit $rc"
verdict resume "$FAKEJS_LOG"
verdict records "$WORK/out" "$EVENTS" --all
grep -Eq "tweet-stream: skipped [0-9]+ posts already written before the reconnect" "$WORK/err" ||
  fail "no duplicate was skipped (the overlap was not replayed?)"
grep -q "tweet-stream: reconnecting in .* after the connection was lost .* within 10s of connecting" "$WORK/err" ||
  fail "the drop was not reported"
fakejs_stop

# 2. A stall: 3 events, then silence; --stall-timeout 0.5 reconnects, resuming.
fakejs_start "$(scenario '{"connections": [{"send": 3, "after": "hold"}], "then": {"after": "stay"}}')"
run_bluesky --count "$posts" --geocode none --stall-timeout 0.5
[ "$rc" -eq 0 ] || fail "stall: exit $rc"
grep -q "after a stall (no message for 500ms)" "$WORK/err" || fail "stall not reported"
verdict resume "$FAKEJS_LOG"
verdict records "$WORK/out" "$EVENTS" --all
fakejs_stop

# 3. An established connection (open longer than 10 s, scaled 0.05: 0.5 s) that drops: back in
#    0..1 s (scaled: at most 50 ms + slack), and the next failure starts the schedule over.
fakejs_start "$(scenario '{"connections": [{"send": 8, "interval": 0.1, "after": "drop"},
  {"send": 0, "after": "drop"}], "then": {"after": "stay"}}')"
TWEETMAP_TIME_SCALE=0.05 run_bluesky --count "$posts" --geocode none
[ "$rc" -eq 0 ] || fail "established: exit $rc"
grep -Eq "tweet-stream: reconnecting in [0-9.]+m?s after the connection was lost \([^)]*\)$" "$WORK/err" ||
  fail "the established drop was treated as a failure"
grep -Eq "reconnecting in (500ms|[5-9][0-9][0-9]ms|1s) after the connection was lost .*within 10s" "$WORK/err" ||
  fail "the failure after an established connection did not start the schedule over"
verdict records "$WORK/out" "$EVENTS" --all
fakejs_stop

# 4. --cursor and --since: the first connection asks for the past.
fakejs_start "$(scenario '{"then": {"after": "stay"}}')"
run_bluesky --count 1 --geocode none --cursor 1725911170000000
[ "$rc" -eq 0 ] || fail "--cursor: exit $rc"
[ "$(jq -r 'select(.event == "connect") | .cursor' "$FAKEJS_LOG" | head -n1)" = 1725911170000000 ] || fail "--cursor not sent"
[ "$(jq -r .ts "$WORK/out")" -ge 1725911170000 ] || fail "--cursor: a post from before the cursor"
before=$(( $(now_ms) * 1000 - 600000000 ))
run_bluesky --count 1 --geocode none --since 10m --cursor 1 2>/dev/null
[ "$rc" -eq 2 ] || fail "--since with --cursor: exit $rc, expected 2"
timeout 20 "$TS" bluesky --jetstream "$FAKEJS_URL" --since 10m --max-retries 0 >/dev/null 2>"$WORK/err" &
tool=$!
two_connects() { [ "$(grep -c '"connect"' "$FAKEJS_LOG")" -ge 2 ]; }
wait_for 10 two_connects || fail "--since: no connection"
kill "$tool" 2>/dev/null; wait "$tool" 2>/dev/null
after=$(( $(now_ms) * 1000 - 600000000 ))
got=$(jq -r 'select(.event == "connect") | .cursor' "$FAKEJS_LOG" | sed -n 2p)
[ "$got" -ge "$before" ] && [ "$got" -le "$after" ] || fail "--since 10m: cursor $got not in [$before, $after]"
echo "ok: resume, stall, established drop, --cursor, --since"
