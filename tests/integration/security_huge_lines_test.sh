#!/usr/bin/env bash
# Resource exhaustion from huge input lines (docs/SECURITY.md): a 40 MiB line between two good
# records, and a 200 MB stream with no newline at all, fed to tweet-stream replay, tweet-trends
# and sse-serve. Each tool skips the huge line, reports it with its line number, keeps the records
# around it, and its peak memory stays bounded (LineReader's 16 MiB line limit, not the input).
set -uo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
bin=${TWEETMAP_BIN:-$root/build/bin}
work=$(mktemp -d)
srv_pid=""
cleanup() {
  [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
command -v /usr/bin/time >/dev/null || { echo "skipped: /usr/bin/time missing (Debian package time)"; exit 0; }
# Peak RSS allowed, in KiB. The line limit is 16 MiB; buffers may hold a couple of limits.
limit_kb=$((160 * 1024))

v1='{"created_at":"Wed Nov 11 00:35:07 +0000 2015","id_str":"1001","text":"before #huge","user":{"screen_name":"a"},"entities":{"hashtags":[{"text":"huge"}]},"timestamp_ms":"1447202107010"}'
v2='{"created_at":"Wed Nov 11 00:35:08 +0000 2015","id_str":"1002","text":"after #huge","user":{"screen_name":"b"},"entities":{"hashtags":[{"text":"huge"}]},"timestamp_ms":"1447202108010"}'
python3 - "$work" "$v1" "$v2" <<'PY'
import sys
work, v1, v2 = sys.argv[1:4]
pad = "a" * (40 << 20)
# Line 2 would be a valid post if it were read: only its size gets it skipped.
huge = '{"created_at":"Wed Nov 11 00:35:07 +0000 2015","id_str":"1999","text":"' + pad + '"}'
with open(f"{work}/posts.jsonl", "w") as f:
    f.write(v1 + "\n" + huge + "\n" + v2 + "\n")
with open(f"{work}/records.jsonl", "w") as f:
    r1 = '{"id":"1001","ts":1447202107010,"text":"before","tags":["huge"],"rt":false,"src":"replay"}'
    r2 = '{"id":"1002","ts":1447202108010,"text":"after","tags":["huge"],"rt":false,"src":"replay"}'
    big = '{"id":"1999","ts":1447202107500,"text":"' + pad + '","tags":["huge"]}'
    f.write(r1 + "\n" + big + "\n" + r2 + "\n")
PY
endless() { head -c 200000000 /dev/zero | tr '\0' 'a'; }

# peak KIND CMD...: runs CMD under /usr/bin/time, stdout to $work/out, stderr to $work/err;
# sets $rss (KiB) and $rc.
peak() {
  /usr/bin/time -o "$work/rss" -f '%M' "$@" >"$work/out" 2>"$work/err"
  # shellcheck disable=SC2034  # part of what peak sets, like $rss
  rc=$?
  rss=$(tail -n1 "$work/rss")
}
bounded() {  # bounded WHAT
  [[ $rss =~ ^[0-9]+$ ]] || { fail "$1: no peak RSS measured ('$rss')"; return; }
  if [ "$rss" -lt "$limit_kb" ]; then ok "$1: peak RSS $((rss / 1024)) MiB"; else fail "$1: peak RSS $((rss / 1024)) MiB (limit $((limit_kb / 1024)) MiB)"; fi
}

if [ -x "$bin/tweet-stream" ]; then
  peak "$bin/tweet-stream" replay "$work/posts.jsonl"
  [ "$(jq -r .id "$work/out" | tr '\n' ' ')" = "1001 1002 " ] && ok "tweet-stream keeps the records around a huge line" \
    || fail "tweet-stream output ids: $(jq -r .id "$work/out" 2>&1 | tr '\n' ' ')"
  grep -q ':2: .*too long' "$work/err" && ok "tweet-stream reports line 2 as too long" \
    || fail "tweet-stream did not report line 2: $(head -c 300 "$work/err")"
  bounded "tweet-stream replay, 40 MiB line"
  peak bash -c "$(declare -f endless); endless | '$bin/tweet-stream' replay -"
  [ ! -s "$work/out" ] && ok "tweet-stream writes nothing for an endless line" || fail "tweet-stream wrote output for an endless line"
  bounded "tweet-stream replay, 200 MB without a newline"
else
  echo "skipped: tweet-stream not built"
fi

if [ -x "$bin/tweet-trends" ]; then
  peak "$bin/tweet-trends" "$work/records.jsonl"
  ids=$(jq -r 'select(.type == null) | .id' "$work/out" 2>/dev/null | tr '\n' ' ')
  [ "$ids" = "1001 1002 " ] && ok "tweet-trends passes the records around a huge line" || fail "tweet-trends records: '$ids'"
  grep -q ':2: line too long' "$work/err" && ok "tweet-trends reports line 2 as too long" \
    || fail "tweet-trends did not report line 2: $(head -c 300 "$work/err")"
  bounded "tweet-trends, 40 MiB line"
  peak bash -c "$(declare -f endless); endless | '$bin/tweet-trends'"
  bounded "tweet-trends, 200 MB without a newline"
else
  echo "skipped: tweet-trends not built"
fi

if [ -x "$bin/sse-serve" ]; then
  "$bin/sse-serve" --listen 127.0.0.1:0 <"$work/records.jsonl" >/dev/null 2>"$work/sse.err" &
  srv_pid=$!
  port=$(listening_port "$work/sse.err")
  [ -n "$port" ] || fail "sse-serve did not start: $(cat "$work/sse.err")"
  metrics=$(sse_drained_metrics "$port")
  echo "$metrics" | grep -q '^sse_events_in_total 2$' && ok "sse-serve keeps the two records around a huge line" \
    || fail "sse-serve events: $(echo "$metrics" | grep -E 'events_in|input_')"
  echo "$metrics" | grep -q '^sse_input_skipped_total 1$' && ok "sse-serve counts the huge line as skipped" \
    || fail "sse-serve skipped: $(echo "$metrics" | grep input_skipped)"
  grep -q 'line 2 skipped: too long' "$work/sse.err" && ok "sse-serve reports line 2" || fail "sse-serve did not report line 2"
  rss=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$srv_pid/status")
  bounded "sse-serve, 40 MiB line"
  kill "$srv_pid"; wait "$srv_pid" 2>/dev/null; srv_pid=""
else
  echo "skipped: sse-serve not built"
fi

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "all checks passed"
