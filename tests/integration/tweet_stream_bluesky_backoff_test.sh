#!/usr/bin/env bash
# tweet-stream bluesky's reconnect policy against a fake Jetstream that fails: exponential
# backoff with jitter (the n-th failure in a row waits 0.5..1 x 1 s x 2^(n-1), time scaled by
# TWEETMAP_TIME_SCALE) so a server that accepts and drops at once sees no storm; --max-retries N
# gives up after N failed retries with exit 1; a 4xx refusal of the upgrade is fatal at once; a
# 5xx is retried.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakejetstream/lib.sh"

# 1. Accept, then drop at once, forever: 1 + 4 attempts, growing gaps, exit 1.
fakejs_start "$(scenario '{"then": {"send": 0, "after": "drop"}}')"
TWEETMAP_TIME_SCALE=0.1 run_bluesky --max-retries 4
[ "$rc" -eq 1 ] || fail "--max-retries 4: exit $rc, expected 1"
verdict connections "$FAKEJS_LOG" 5 5
# Documented minimum waits: 0.5, 1, 2, 4 s; scaled x 0.1: 50, 100, 200, 400 ms (80% for the clock).
verdict gaps "$FAKEJS_LOG" 40
grep -q "tweet-stream: error: giving up after 4 retries; last: " "$WORK/err" ||
  fail "no give-up line"
[ "$(grep -c "reconnecting in" "$WORK/err")" -eq 4 ] || fail "expected 4 reconnect lines"
fakejs_stop

# 2. HTTP 503 to the upgrade: retried; --max-retries 0: one attempt, exit 1.
fakejs_start "$(scenario '{"then": {"reject": 503}}')"
TWEETMAP_TIME_SCALE=0.05 run_bluesky --max-retries 2
[ "$rc" -eq 1 ] || fail "503: exit $rc"
verdict connections "$FAKEJS_LOG" 3 3
grep -q "giving up after 2 retries; last: HTTP 503 to the WebSocket upgrade" "$WORK/err" || fail "no 503 line"
: >"$FAKEJS_LOG"
run_bluesky --max-retries 0
[ "$rc" -eq 1 ] || fail "--max-retries 0: exit $rc"
verdict connections "$FAKEJS_LOG" 1 1
grep -q "not retrying (--max-retries 0)" "$WORK/err" || fail "no not-retrying line"
fakejs_stop

# 3. HTTP 400 (a bad request): fatal, no retry even without --max-retries.
fakejs_start "$(scenario '{"then": {"reject": 400}}')"
run_bluesky
[ "$rc" -eq 1 ] || fail "400: exit $rc"
verdict connections "$FAKEJS_LOG" 1 1
grep -q "tweet-stream: error: $FAKEJS_URL: HTTP 400 to the WebSocket upgrade" "$WORK/err" || fail "no 400 line"
fakejs_stop

# 4. Fallbacks: the first URL refuses connections, the second serves.
fakejs_start "$(scenario '{"then": {"after": "stay"}}')"
dead="ws://127.0.0.1:$(free_port)/subscribe"
TWEETMAP_TIME_SCALE=0.05 timeout 30 "$TS" bluesky --jetstream "$dead" --jetstream "$FAKEJS_URL" \
  --count 1 --geocode none >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 0 ] || fail "fallback: exit $rc"
grep -q "cannot connect to 127.0.0.1:.*(next: $FAKEJS_URL)" "$WORK/err" || fail "no fallback line"
[ "$(wc -l <"$WORK/out")" -eq 1 ] || fail "fallback: no record"
echo "ok: backoff, --max-retries, fatal 4xx, fallback instances"
