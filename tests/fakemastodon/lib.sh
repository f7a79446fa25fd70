# Helpers for tests against the fake Mastodon streaming server (tests/fakemastodon/fakemastodon.py).
# Source it from a test:
#   . "$TWEETMAP_ROOT/tests/fakemastodon/lib.sh"
#   fakemastodon_start scenario.json   # sets FAKEM_URL, FAKEM_LOG; stopped and cleaned up on exit
# Every test gets $WORK (a temp dir), fail MSG, and the queries below.
# shellcheck disable=SC2034  # TS, FAKEM_URL, ... are for the tests that source this file
set -uo pipefail
: "${TWEETMAP_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${TWEETMAP_BIN:=$TWEETMAP_ROOT/build/bin}"
TS="$TWEETMAP_BIN/tweet-stream"
WORK=$(mktemp -d)
FAKEM_PID=""
TOOL_PID=""
export MASTODON_TOKEN="fake-mastodon-token-3f9a71c2e8"
# Backoff delays and the stall timeout run 100 times faster (45 s stall -> 0.45 s).
export TWEETMAP_TIME_SCALE=0.01

fakemastodon_cleanup() {
  [ -n "$TOOL_PID" ] && kill "$TOOL_PID" 2>/dev/null
  [ -n "$FAKEM_PID" ] && kill "$FAKEM_PID" 2>/dev/null && wait "$FAKEM_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap fakemastodon_cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for f in "$WORK"/err "$WORK"/out; do
    [ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; tail -n 20 "$f" | cut -c1-300 >&2; }
  done
  [ -s "$WORK/requests.jsonl" ] && { echo "--- requests:" >&2; cut -c1-200 "$WORK/requests.jsonl" | tail -n 20 >&2; }
  exit 1
}
pass() { echo "ok: $*"; }

# fakemastodon_start SCENARIO_FILE: starts the server on a free port and waits for it to listen.
fakemastodon_start() {
  [ -n "$FAKEM_PID" ] && { kill "$FAKEM_PID" 2>/dev/null; wait "$FAKEM_PID" 2>/dev/null; }
  : >"$WORK/requests.jsonl"
  rm -f "$WORK/fake.port"
  python3 "$TWEETMAP_ROOT/tests/fakemastodon/fakemastodon.py" --scenario "$1" \
    --log "$WORK/requests.jsonl" >"$WORK/fake.port" 2>"$WORK/fake.err" &
  FAKEM_PID=$!
  wait_for 10 test -s "$WORK/fake.port" || fail "fake Mastodon server did not start: $(cat "$WORK/fake.err")"
  FAKEM_URL="http://127.0.0.1:$(head -n1 "$WORK/fake.port")"
  FAKEM_LOG="$WORK/requests.jsonl"
}

# shellcheck source=scripts/lib.sh
. "$TWEETMAP_ROOT/scripts/lib.sh"  # wait_for, free_port
WAIT_FOR_POLL=0.05

# has_lines FILE N: FILE has at least N lines.
has_lines() { [ "$(wc -l <"$1")" -ge "$2" ]; }

# stream_requests: the logged stream requests, one JSON object per line.
stream_requests() { jq -c 'select(.event == "request")' "$FAKEM_LOG"; }

# status N [TEXT] [EXTRA]: a status JSON object shaped as the API gives it (uri
# https://fake.example/users/u/statuses/N), as one line; EXTRA (JSON, or a jq object expression
# without variables) is merged into it.
status() {
  local extra=${3:-}
  [ -n "$extra" ] || extra='{}'
  jq -cn --arg n "$1" --arg text "${2:-post $1}" \
    '{id: $n, created_at: "2024-05-01T12:00:00.000Z", in_reply_to_id: null, sensitive: false,
      spoiler_text: "", visibility: "public", language: "en",
      uri: "https://fake.example/users/u/statuses/\($n)",
      url: "https://fake.example/@u/\($n)", content: "<p>\($text)</p>", reblog: null,
      account: {id: "1", username: "u", acct: "u", display_name: "U", fields: []},
      media_attachments: [], mentions: [], tags: [], emojis: []} * ('"$extra"')'
}
