# What the fake-server test libraries share (tests/fakex/lib.sh, tests/fakemastodon/lib.sh,
# tests/fakejetstream/lib.sh source it; tests source those). Sets TWEETMAP_ROOT and TWEETMAP_BIN
# (when unset), TS (tweet-stream) and WORK (a temp dir), and sources scripts/lib.sh.
# shellcheck disable=SC2034  # TS is for the tests that source the libraries
set -uo pipefail
: "${TWEETMAP_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${TWEETMAP_BIN:=$TWEETMAP_ROOT/build/bin}"
TS="$TWEETMAP_BIN/tweet-stream"
WORK=$(mktemp -d)

# shellcheck source=scripts/lib.sh
. "$TWEETMAP_ROOT/scripts/lib.sh"  # wait_for, free_port

# fake_cleanup TOOL_PID FAKE_PID: kills the tool under test (when its pid is set) and the fake
# (waiting for it), and removes $WORK.
fake_cleanup() {
  [ -n "$1" ] && kill "$1" 2>/dev/null
  [ -n "$2" ] && kill "$2" 2>/dev/null && wait "$2" 2>/dev/null
  rm -rf "$WORK"
}

# fake_fail LOG LABEL MESSAGE [FILE...]: "FAIL: MESSAGE", the last lines of $WORK/err,
# $WORK/out and each FILE, and those of the fake's LOG under "--- LABEL:", on stderr; exits 1.
fake_fail() {
  local log=$1 label=$2 f
  echo "FAIL: $3" >&2
  shift 3
  for f in "$WORK"/err "$WORK"/out "$@"; do
    [ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; tail -n 20 "$f" | cut -c1-300 >&2; }
  done
  [ -s "$log" ] && { echo "--- $label:" >&2; cut -c1-300 "$log" | tail -n 20 >&2; }
  exit 1
}

# fake_start NAME PORT_FILE CMD...: starts the fake server CMD in the background, its stdout in
# PORT_FILE and its stderr in PORT_FILE with .err for .port, and waits up to 10 s for the port it
# prints; sets FAKE_PID and FAKE_PORT. Calls fail (the test library's) when it dies or the port
# does not come.
fake_start() {
  local name=$1 port_file=$2 err=${2%.port}.err
  shift 2
  rm -f "$port_file"
  "$@" >"$port_file" 2>"$err" &
  FAKE_PID=$!
  _fake_up() { [ -s "$port_file" ] || ! kill -0 "$FAKE_PID" 2>/dev/null; }
  WAIT_FOR_POLL=0.05 wait_for 10 _fake_up
  [ -s "$port_file" ] || fail "$name did not start: $(cat "$err")"
  FAKE_PORT=$(head -n1 "$port_file")
}
