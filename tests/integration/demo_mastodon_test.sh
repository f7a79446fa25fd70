#!/usr/bin/env bash
# scripts/demo --source mastodon: a Mastodon server's public timeline on the map, against the
# fake streaming server (token from MASTODON_TOKEN): the statuses whose profile Location or text
# names a place reach /events; bad --source values are usage errors (exit 2).
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/fakemastodon/lib.sh
. "$root/tests/fakemastodon/lib.sh"
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
for tool in tweet-stream tweet-trends sse-serve; do
  [ -x "$TWEETMAP_BIN/$tool" ] || { echo "skipped: $TWEETMAP_BIN/$tool is not built yet"; exit 0; }
done
bash "$root/scripts/deps/60-web.sh"

set +e
"$root/scripts/demo" --no-setup --source nope >"$WORK/usage1" 2>&1
rc1=$?
"$root/scripts/demo" --no-setup --source mastodon >"$WORK/usage2" 2>&1
rc2=$?
set -e
[ "$rc1" -eq 2 ] && grep -q "must be synth, bluesky or mastodon" "$WORK/usage1" ||
  fail "--source nope: exit $rc1, $(cat "$WORK/usage1")"
[ "$rc2" -eq 2 ] && grep -q "needs --instance" "$WORK/usage2" ||
  fail "--source mastodon without --instance: exit $rc2, $(cat "$WORK/usage2")"
pass "bad --source values are usage errors"

# Every status of the parser fixture, then heartbeats until the client goes away.
python3 "$root/tests/fakemastodon/scenario.py" statuses "$root/tests/data/parsers/mastodon.jsonl" \
  "$MASTODON_TOKEN" >"$WORK/scenario.json"
fakemastodon_start "$WORK/scenario.json"
port=$(free_port)
TWEETMAP_BIN=$TWEETMAP_BIN setsid "$root/scripts/demo" --no-setup --source mastodon \
  --instance "$FAKEM_URL" --port "$port" >"$WORK/out" 2>&1 &
demo=$!
stop_demo() {
  # SIGTERM lets the demo stop its pipeline (its own process groups); then nothing may be left.
  kill -TERM "$demo" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$demo" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$demo" 2>/dev/null || true
  fakemastodon_cleanup || true
}
trap stop_demo EXIT
wait_for 30 grep -q "open http://127.0.0.1:$port/" "$WORK/out" || fail "no URL printed within 30 s"
grep -q "public timeline of $FAKEM_URL" "$WORK/out" || fail "the demo does not say what it maps"
# The statuses arrived before this client: ask for the last ten minutes of history.
curl -sS -N -m 5 "http://127.0.0.1:$port/events?since=600" >"$WORK/events" 2>/dev/null || true
grep '^data: {' "$WORK/events" | sed 's/^data: //' | grep '"src":"mastodon"' >"$WORK/records" ||
  fail "no Mastodon record on /events: $(head -c 600 "$WORK/events")"
jq -e -s 'length >= 1 and all(.geo == "profile" or .geo == "text")' "$WORK/records" >/dev/null ||
  fail "records without a geocoded position: $(head -c 600 "$WORK/records")"
grep -q '"auth":"Bearer' "$WORK/requests.jsonl" || grep -q 'Bearer' "$WORK/requests.jsonl" ||
  fail "the token was not sent"
pass "scripts/demo --source mastodon maps $(wc -l <"$WORK/records") placed statuses from the fake server"
kill -TERM "$demo"
wait_for 10 bash -c "! kill -0 $demo 2>/dev/null" || fail "demo did not stop within 10 s of SIGTERM"
grep -q "demo: stopped" "$WORK/out" || fail "no 'stopped' message"
pgrep -f -- "--instance $FAKEM_URL" >/dev/null && fail "the producer outlived the demo"
pass "the demo stops cleanly"
