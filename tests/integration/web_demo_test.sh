#!/usr/bin/env bash
# scripts/demo: starts the pipeline, prints the URL, serves the page and live events, and stops
# cleanly (nothing left listening) on SIGTERM.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${TWEETMAP_BIN:-$root/build/bin}
for tool in tweet-stream sse-serve; do
  [ -x "$bin/$tool" ] || { echo "skipped: $bin/$tool is not built yet"; exit 0; }
done
bash "$root/scripts/deps/60-web.sh"
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
port=$(free_port)
out=$(mktemp)
TWEETMAP_BIN=$bin setsid "$root/scripts/demo" --no-setup --port "$port" --rate 200 >"$out" 2>&1 &
pid=$!
cleanup() { kill -KILL -- "-$pid" 2>/dev/null || true; rm -f "$out"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- demo output:"; cat "$out"; exit 1; }

for _ in $(seq 300); do grep -q "open http://127.0.0.1:$port/" "$out" && break; sleep 0.1; done
grep -q "open http://127.0.0.1:$port/" "$out" || fail "no URL printed within 30 s"
# The whole page first: grep -q stops reading at its match, and curl would then fail to write.
page=$(curl -fsS "http://127.0.0.1:$port/") || fail "GET / failed"
grep -q '<div id="map"' <<<"$page" || fail "GET / is not the map page"
events=$(curl -sS -N -m 5 "http://127.0.0.1:$port/events" 2>/dev/null || true)
grep -q '^event: tweet' <<<"$events" || fail "no tweet event within 5 s"
grep -q '^data: {' <<<"$events" || fail "no data line"

kill -TERM "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "demo did not stop within 10 s of SIGTERM"
wait "$pid" || fail "demo exited with $? on SIGTERM"
grep -q "demo: stopped" "$out" || fail "no 'stopped' message"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port still open after stop"; fi
echo "ok: demo serves the page and events on port $port and stops cleanly"
