#!/usr/bin/env bash
# tweet-stream bluesky against a hostile Jetstream: a binary frame and a 100 MB message are
# skipped and counted (the big one is never buffered: peak RSS stays small); invalid UTF-8 in a
# text frame is a protocol error that ends the connection, which resumes without losing or
# repeating a post; a server that never answers the upgrade hits --connect-timeout; a close frame
# prints its code and reason on one line; a ping flood is answered with flat memory.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakejetstream/lib.sh"

posts=$(verdict count "$EVENTS")
# peak_kb: the tool's peak RSS in KiB, from GNU time's output in $WORK/time.
peak_kb() { tail -n1 "$WORK/time"; }
run_timed() {  # run_timed ARGS...: run_bluesky under /usr/bin/time -f %M
  /usr/bin/time -f %M -o "$WORK/time" timeout 60 "$TS" bluesky --jetstream "$FAKEJS_URL" "$@" \
    >"$WORK/out" 2>"$WORK/err"
  rc=$?
}

# 1. A binary frame (a zstd-looking payload): skipped, counted, the stream goes on.
fakejs_start "$(scenario '{"then": {"hostile_at": 2, "hostile": [{"binary": 5000}], "after": "stay"}}')"
run_bluesky --count "$posts" --geocode none --stats 60
[ "$rc" -eq 0 ] || fail "binary: exit $rc"
verdict records "$WORK/out" "$EVENTS" --all
grep -q "binary message of 5000 bytes" "$WORK/err" || fail "binary frame not reported"
[ "$(stat_field skipped)" = 1 ] && [ "$(stat_field malformed)" = 1 ] || fail "binary frame not counted"
[ "$(stat_field connections)" = 1 ] || fail "binary frame cost a reconnect"
fakejs_stop

# 2. A 100 MB text message: dropped as it arrives (limit 1 MiB), counted, no reconnect.
fakejs_start "$(scenario '{"then": {"hostile_at": 2, "hostile": [{"huge": 104857600}], "after": "stay"}}')"
run_timed --count "$posts" --geocode none --stats 60
[ "$rc" -eq 0 ] || fail "huge: exit $rc"
verdict records "$WORK/out" "$EVENTS" --all
grep -Eq "message of 10485[0-9]{4} bytes over the 1048576-byte limit" "$WORK/err" || fail "huge message not reported"
[ "$(stat_field skipped)" = 1 ] && [ "$(stat_field connections)" = 1 ] || fail "huge message not skipped in place"
[ "$(peak_kb)" -lt 65536 ] || fail "peak RSS $(peak_kb) KiB for a 100 MB message: was it buffered?"
echo "100 MB message: peak RSS $(peak_kb) KiB"
fakejs_stop

# 3. Invalid UTF-8 in a text frame: Beast fails the connection (close 1007); resume, no loss or
#    duplicate.
fakejs_start "$(scenario '{"connections": [{"hostile_at": 4, "hostile": [{"badutf8": true}], "after": "stay"}],
  "then": {"after": "stay"}}')"
TWEETMAP_TIME_SCALE=0.05 run_bluesky --count "$posts" --geocode none
[ "$rc" -eq 0 ] || fail "bad UTF-8: exit $rc"
grep -q "reconnecting in .* after a WebSocket protocol error" "$WORK/err" || fail "bad UTF-8 not reported"
verdict records "$WORK/out" "$EVENTS" --all
# The 4th event (the last before the bad frame) has time_us 1725911165000000: resume 5 s before.
[ "$(jq -r 'select(.event == "connect") | .cursor' "$FAKEJS_LOG" | sed -n 2p)" = 1725911160000000 ] ||
  fail "bad UTF-8: the reconnect did not resume 5 s before the last event received"
fakejs_stop

# 4. A server that never answers the upgrade: --connect-timeout, then the next attempt works.
fakejs_start "$(scenario '{"connections": [{"noupgrade": true}], "then": {"after": "stay"}}')"
TWEETMAP_TIME_SCALE=0.05 run_bluesky --count "$posts" --geocode none --connect-timeout 10
[ "$rc" -eq 0 ] || fail "no upgrade: exit $rc"
grep -q "reconnecting in .* after no answer to the WebSocket upgrade within 10s" "$WORK/err" ||
  fail "upgrade timeout not reported"
verdict connections "$FAKEJS_LOG" 2 2
fakejs_stop

# 5. A close frame with a reason (with a newline in it): one line with code and reason.
fakejs_start "$(scenario '{"connections": [{"send": 2, "after": "close", "close_code": 1011,
  "close_reason": "maintenance\nback soon"}], "then": {"after": "stay"}}')"
TWEETMAP_TIME_SCALE=0.05 run_bluesky --count "$posts" --geocode none
[ "$rc" -eq 0 ] || fail "close: exit $rc"
grep -q '^tweet-stream: reconnecting in .* after the server closed the connection (code 1011: "maintenance back soon")' "$WORK/err" ||
  fail "close reason not on one line"
grep -q '^back soon' "$WORK/err" && fail "the reason's newline reached stderr"
verdict records "$WORK/out" "$EVENTS" --all
fakejs_stop

# 6. A ping flood (100,000 pings between two posts): answered, counted, memory flat.
fakejs_start "$(scenario '{"then": {"hostile_at": 2, "hostile": [{"pings": 100000}], "after": "stay"}}')"
run_timed --count "$posts" --geocode none --stats 60
[ "$rc" -eq 0 ] || fail "pings: exit $rc"
verdict records "$WORK/out" "$EVENTS" --all
[ "$(stat_field pings)" = 100000 ] || fail "pings: $(stat_field pings), expected 100000"
[ "$(peak_kb)" -lt 65536 ] || fail "peak RSS $(peak_kb) KiB under a ping flood"
echo "ping flood: peak RSS $(peak_kb) KiB"
echo "ok: binary, 100 MB, invalid UTF-8, no upgrade, close reason, ping flood"
