# Helpers for tests against the fake X server (tests/fakex/fakex.py). Source it from a test:
#   . "$TWEETMAP_ROOT/tests/fakex/lib.sh"
#   fakex_start scenario.json      # sets FAKEX_URL, FAKEX_LOG; stopped and cleaned up on exit
# Every test gets $WORK (a temp dir), fail MSG, and the fakex_* queries below.
# shellcheck disable=SC2034  # TS, FAKEX_URL, ... are for the tests that source this file
set -uo pipefail
: "${TWEETMAP_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${TWEETMAP_BIN:=$TWEETMAP_ROOT/build/bin}"
TS="$TWEETMAP_BIN/tweet-stream"
WORK=$(mktemp -d)
FAKEX_PID=""
TOOL_PID=""
export X_BEARER_TOKEN="fake-token-7c1e4d2a9b"

fakex_cleanup() {
  [ -n "$TOOL_PID" ] && kill "$TOOL_PID" 2>/dev/null
  [ -n "$FAKEX_PID" ] && kill "$FAKEX_PID" 2>/dev/null && wait "$FAKEX_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap fakex_cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for f in "$WORK"/err "$WORK"/out; do
    [ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; tail -n 20 "$f" >&2; }
  done
  [ -s "$WORK/requests.jsonl" ] && { echo "--- requests:" >&2; cut -c1-200 "$WORK/requests.jsonl" | tail -n 20 >&2; }
  exit 1
}

# fakex_start SCENARIO_FILE: starts the server on a free port and waits for it to listen.
fakex_start() {
  : >"$WORK/requests.jsonl"
  rm -f "$WORK/fakex.port"
  python3 "$TWEETMAP_ROOT/tests/fakex/fakex.py" --scenario "$1" --log "$WORK/requests.jsonl" \
    >"$WORK/fakex.port" 2>"$WORK/fakex.err" &
  FAKEX_PID=$!
  local i
  for _ in $(seq 1 100); do
    [ -s "$WORK/fakex.port" ] && break
    kill -0 "$FAKEX_PID" 2>/dev/null || fail "fake X server died: $(cat "$WORK/fakex.err")"
    sleep 0.05
  done
  [ -s "$WORK/fakex.port" ] || fail "fake X server did not start"
  FAKEX_URL="http://127.0.0.1:$(head -n1 "$WORK/fakex.port")"
  FAKEX_LOG="$WORK/requests.jsonl"
}

# shellcheck source=scripts/lib.sh
. "$TWEETMAP_ROOT/scripts/lib.sh"  # wait_for, free_port
WAIT_FOR_POLL=0.05

# has_lines FILE N: FILE has at least N lines.
has_lines() { [ "$(wc -l <"$1")" -ge "$2" ]; }

# requests METHOD PATH: the logged requests, one JSON object per line.
requests() {
  jq -c --arg m "$1" --arg p "$2" 'select(.event == "request" and .method == $m and .path == $p)' "$FAKEX_LOG"
}

# A v2 stream line for a post: post_line ID TEXT [EXTRA_DATA_JSON_FIELDS]
post_line() {
  jq -cn --arg id "$1" --arg text "$2" \
    '{data: {id: $id, text: $text, created_at: "2024-05-01T12:00:00.000Z", author_id: "42",
       lang: "en"}, includes: {users: [{id: "42", username: "mapper", name: "Map Per"}]},
      matching_rules: [{id: "1", tag: "tweetmap"}]}'
}
