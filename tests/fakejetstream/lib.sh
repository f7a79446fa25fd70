# Helpers for tests against the fake Jetstream (tests/fakejetstream/fakejetstream.py). Source it:
#   . "$TWEETMAP_ROOT/tests/fakejetstream/lib.sh"
#   fakejs_start scenario.json [events.jsonl]   # sets FAKEJS_URL, FAKEJS_LOG; stopped on exit
# Every test gets $WORK (a temp dir), fail MSG, $TS (tweet-stream), $EVENTS (the recorded-shaped
# events), verdict ARGS... (tests/fakejetstream/check.py) and run_bluesky ARGS... (out, err, rc).
# shellcheck disable=SC2034  # TS, FAKEJS_URL, ... are for the tests that source this file
# shellcheck source=tests/fakes/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../fakes/lib.sh"  # TS, WORK, fake_*, wait_for, free_port
# Debian's python3, where python3-websockets lives (a pyenv python3 may come first on PATH).
: "${FAKEJS_PYTHON:=/usr/bin/python3}"
EVENTS="$TWEETMAP_ROOT/tests/fakejetstream/events.jsonl"
FAKEJS_PID=""

fakejs_cleanup() { fake_cleanup "" "$FAKEJS_PID"; }
trap fakejs_cleanup EXIT

fail() { fake_fail "$WORK/conns.jsonl" connections "$*" "$WORK/fakejs.err"; }

# fakejs_start SCENARIO_FILE [EVENTS_FILE] [EXTRA_ARGS...]: starts the fake on a free port and
# waits until it listens.
fakejs_start() {
  local scenario=$1 events=${2:-$EVENTS}
  shift; [ $# -gt 0 ] && shift
  : >"$WORK/conns.jsonl"
  fake_start "fake Jetstream" "$WORK/fakejs.port" "$FAKEJS_PYTHON" \
    "$TWEETMAP_ROOT/tests/fakejetstream/fakejetstream.py" --scenario "$scenario" \
    --events "$events" --log "$WORK/conns.jsonl" "$@"
  FAKEJS_PID=$FAKE_PID
  FAKEJS_URL="ws://127.0.0.1:$FAKE_PORT/subscribe"
  FAKEJS_LOG="$WORK/conns.jsonl"
}

fakejs_stop() {
  [ -n "$FAKEJS_PID" ] && kill "$FAKEJS_PID" 2>/dev/null && wait "$FAKEJS_PID" 2>/dev/null
  FAKEJS_PID=""
}

# scenario JSON: writes JSON to $WORK/scenario.json and prints the path.
scenario() { printf '%s\n' "$1" >"$WORK/scenario.json"; echo "$WORK/scenario.json"; }

# run_bluesky ARGS...: tweet-stream bluesky against the fake (60 s at most); sets rc.
run_bluesky() {
  timeout 60 "$TS" bluesky --jetstream "$FAKEJS_URL" "$@" >"$WORK/out" 2>"$WORK/err"
  rc=$?
}

# verdict ARGS...: tests/fakejetstream/check.py ARGS; fails the test with its reason.
verdict() {
  local v
  v=$("$FAKEJS_PYTHON" "$TWEETMAP_ROOT/tests/fakejetstream/check.py" "$@") || fail "$v"
  echo "$v"
}

# stat_field NAME: the value of NAME=... in the last --stats line of $WORK/err.
stat_field() { grep 'stats:' "$WORK/err" | tail -n1 | tr ' ' '\n' | sed -n "s/^$1=//p"; }
