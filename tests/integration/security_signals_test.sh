#!/usr/bin/env bash
# SIGTERM/SIGINT end a tool whose input never pauses (docs/SECURITY.md): /dev/zero (one endless
# over-long line, skipped) for tweet-stream replay (serial and --threads) and tweet-trends, and an
# endless stream of valid records for tweet-trends. read(2) never blocks there, so the stop has to
# be noticed between reads, not only when a read returns EINTR. Each tool must exit within a few
# seconds of the signal with the documented status 130.
set -uo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${TWEETMAP_BIN:-$root/build/bin}
work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# rchar PID: bytes the process has read so far (0 if gone)
rchar() { awk '/^rchar/ {print $2}' "/proc/$1/io" 2>/dev/null || echo 0; }
# stops_on SIGNAL WANT_RC WHAT CMD...: starts CMD in the background (stdin as given by the caller
# through $stdin), waits until it has read 50 MB, sends SIGNAL and expects an exit within 5 s.
stops_on() {
  local sig=$1 want=$2 what=$3; shift 3
  "$@" <"$stdin" >/dev/null 2>"$work/err" &
  pid=$!
  local deadline=$((SECONDS + 20))
  while [ "$(rchar "$pid")" -lt 50000000 ] && kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
    sleep 0.05
  done
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"; fail "$what: ended before the signal (rc $?): $(head -c 300 "$work/err")"; pid=""; return
  fi
  kill "-$sig" "$pid"
  deadline=$((SECONDS + 5))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then
    fail "$what: still running 5 s after SIG$sig"
    kill -KILL "$pid"; wait "$pid" 2>/dev/null; pid=""; return
  fi
  wait "$pid"; local rc=$?; pid=""
  [ "$rc" -eq "$want" ] && ok "$what: SIG$sig ends it (exit $rc)" || fail "$what: SIG$sig gave exit $rc, want $want"
}

stdin=/dev/zero
stops_on TERM 130 "tweet-stream replay of /dev/zero" "$bin/tweet-stream" replay -
stops_on INT 130 "tweet-stream replay of /dev/zero" "$bin/tweet-stream" replay -
stops_on TERM 130 "tweet-stream replay -j2 of /dev/zero" "$bin/tweet-stream" replay -j 2 /dev/zero
stops_on TERM 130 "tweet-trends on /dev/zero" "$bin/tweet-trends"
stops_on INT 130 "tweet-trends on /dev/zero" "$bin/tweet-trends"

# Valid records without end: a FIFO fed by a writer that never pauses.
mkfifo "$work/fifo"
rec='{"id":"1","ts":1447202107010,"text":"endless #stream","tags":["stream"],"rt":false,"src":"replay"}'
python3 -c '
import sys
line = (sys.argv[1] + "\n").encode() * 2000
out = open(sys.argv[2], "wb", buffering=0)
try:
    while True: out.write(line)
except (BrokenPipeError, KeyboardInterrupt): pass
' "$rec" "$work/fifo" &
writer=$!
stdin=$work/fifo
stops_on TERM 130 "tweet-trends on endless valid records" "$bin/tweet-trends"
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null

[ "$failures" -eq 0 ] && echo "all signal checks passed" || { echo "$failures signal checks failed" >&2; exit 1; }
