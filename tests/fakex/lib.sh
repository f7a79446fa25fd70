# Helpers for tests against the fake X server (tests/fakex/fakex.py). Source it from a test:
#   . "$TWEETMAP_ROOT/tests/fakex/lib.sh"
#   fakex_start scenario.json      # sets FAKEX_URL, FAKEX_LOG; stopped and cleaned up on exit
# Every test gets $WORK (a temp dir), fail MSG, and the fakex_* queries below.
# shellcheck disable=SC2034  # TS, FAKEX_URL, ... are for the tests that source this file
# shellcheck source=tests/fakes/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../fakes/lib.sh"  # TS, WORK, fake_*, wait_for, free_port
FAKEX_PID=""
TOOL_PID=""
export X_BEARER_TOKEN="fake-token-7c1e4d2a9b"

fakex_cleanup() { fake_cleanup "$TOOL_PID" "$FAKEX_PID"; }
trap fakex_cleanup EXIT

fail() { fake_fail "$WORK/requests.jsonl" requests "$*"; }

# fakex_start SCENARIO_FILE: starts the server on a free port and waits for it to listen.
fakex_start() {
  : >"$WORK/requests.jsonl"
  fake_start "fake X server" "$WORK/fakex.port" \
    python3 "$TWEETMAP_ROOT/tests/fakex/fakex.py" --scenario "$1" --log "$WORK/requests.jsonl"
  FAKEX_PID=$FAKE_PID
  FAKEX_URL="http://127.0.0.1:$FAKE_PORT"
  FAKEX_LOG="$WORK/requests.jsonl"
}

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
