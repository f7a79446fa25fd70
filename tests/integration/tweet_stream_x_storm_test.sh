#!/usr/bin/env bash
# No reconnect storm: a server that answers HTTP 200 and closes at once (a keep-alive, one post,
# or broken chunked encoding) is a failed attempt each time. With --max-retries 3 the client
# makes exactly 4 connections, waits 250, 500, 750 ms between them, gives up with exit 1, and a
# post sent on every connection is written once.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"

CLOSER_PID=""
closer_start() {  # closer_start ARGS...: a closing_server.py; sets CLOSER_URL
  [ -n "$CLOSER_PID" ] && { kill "$CLOSER_PID"; wait "$CLOSER_PID" 2>/dev/null; }
  : >"$WORK/conns.log"
  rm -f "$WORK/closer.port"
  python3 "$TWEETMAP_ROOT/tests/fakex/closing_server.py" --log "$WORK/conns.log" "$@" \
    >"$WORK/closer.port" 2>"$WORK/closer.err" &
  CLOSER_PID=$!
  FAKEX_PID=$CLOSER_PID  # stopped by the shared cleanup
  wait_for 10 test -s "$WORK/closer.port" || fail "closing server did not start"
  CLOSER_URL="http://127.0.0.1:$(head -n1 "$WORK/closer.port")"
}
run_storm() {  # run_storm NAME: runs the client against CLOSER_URL, checks the bounded retries
  local start end ms rc conns
  start=$(date +%s%N)
  timeout 20 "$TS" x --api-base "$CLOSER_URL" --max-retries 3 >"$WORK/out" 2>"$WORK/err"
  rc=$?
  end=$(date +%s%N)
  ms=$(((end - start) / 1000000))
  conns=$(wc -l <"$WORK/conns.log")
  [ $rc -eq 1 ] || fail "$1: exit $rc after $ms ms and $conns connections, expected 1"
  [ "$conns" -eq 4 ] || fail "$1: $conns connections, expected 4 (1 + --max-retries 3)"
  grep -q "tweet-stream: error: giving up after 3 retries; last: .* within 10s of connecting" \
    "$WORK/err" || fail "$1: no give-up line"
  grep -q "reconnecting in 750ms after " "$WORK/err" || fail "$1: no 750 ms backoff"
  # 250 + 500 + 750 ms of backoff between the four connections.
  [ "$ms" -ge 1400 ] || fail "$1: gave up after $ms ms, expected at least 1.5 s of backoff"
  echo "$1: $conns connections, exit $rc after $ms ms"
}

# 1. The probe's reproduction: HTTP/1.1 200, Content-Length: 2, "\r\n", close.
closer_start
run_storm "keep-alive then close"
[ ! -s "$WORK/out" ] || fail "keep-alive: unexpected output"

# 2. One post, then close, on every connection: written once.
closer_start --body "$(post_line 1 one)\\r\\n"
run_storm "post then close"
[ "$(wc -l <"$WORK/out")" -eq 1 ] || fail "post then close: $(wc -l <"$WORK/out") records, expected 1"
[ "$(jq -r .id "$WORK/out")" = 1 ] || fail "post then close: wrong record"
grep -qF "skipped 1 post already written before the reconnect" "$WORK/err" ||
  fail "post then close: duplicates not reported"

# 3. Bad chunked encoding after a keep-alive.
closer_start --chunked-garbage
run_storm "bad chunked encoding"
echo "ok: no reconnect storm"
