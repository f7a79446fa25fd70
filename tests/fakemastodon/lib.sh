# Helpers for tests against the fake Mastodon streaming server (tests/fakemastodon/fakemastodon.py).
# Source it from a test:
#   . "$TWEETMAP_ROOT/tests/fakemastodon/lib.sh"
#   fakemastodon_start scenario.json   # sets FAKEM_URL, FAKEM_LOG; stopped and cleaned up on exit
# Every test gets $WORK (a temp dir), fail MSG, and the queries below.
# shellcheck disable=SC2034  # TS, FAKEM_URL, ... are for the tests that source this file
# shellcheck source=tests/fakes/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../fakes/lib.sh"  # TS, WORK, fake_*, wait_for, free_port
FAKEM_PID=""
TOOL_PID=""
export MASTODON_TOKEN="fake-mastodon-token-3f9a71c2e8"
# Backoff delays and the stall timeout run 100 times faster (45 s stall -> 0.45 s).
export TWEETMAP_TIME_SCALE=0.01

fakemastodon_cleanup() { fake_cleanup "$TOOL_PID" "$FAKEM_PID"; }
trap fakemastodon_cleanup EXIT

fail() { fake_fail "$WORK/requests.jsonl" requests "$*"; }
pass() { echo "ok: $*"; }

# fakemastodon_start SCENARIO_FILE: starts the server on a free port and waits for it to listen.
fakemastodon_start() {
  [ -n "$FAKEM_PID" ] && { kill "$FAKEM_PID" 2>/dev/null; wait "$FAKEM_PID" 2>/dev/null; }
  : >"$WORK/requests.jsonl"
  fake_start "fake Mastodon server" "$WORK/fake.port" python3 \
    "$TWEETMAP_ROOT/tests/fakemastodon/fakemastodon.py" --scenario "$1" --log "$WORK/requests.jsonl"
  FAKEM_PID=$FAKE_PID
  FAKEM_URL="http://127.0.0.1:$FAKE_PORT"
  FAKEM_LOG="$WORK/requests.jsonl"
}

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
