#!/usr/bin/env bash
# tweet-trends on a live stream: a record is passed on as soon as it was read, not when the
# output buffer fills or the input ends (a map fed through it would otherwise stall).
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${TWEETMAP_BIN:-$root/build/bin}
work=$(mktemp -d)
feeder=""
trap '[ -n "$feeder" ] && kill "$feeder" 2>/dev/null; rm -rf "$work"' EXIT
mkfifo "$work/in"
"$bin/tweet-trends" <"$work/in" >"$work/out" &
tt=$!
exec 3>"$work/in"
python3 "$root/tests/bench/gen_records.py" 1 >&3
# The input stays open: the record must come out anyway, within 5 s.
for _ in $(seq 100); do
  [ -s "$work/out" ] && break
  sleep 0.05
done
[ -s "$work/out" ] || { echo "FAIL: tweet-trends held a record back while its input stayed open" >&2; exit 1; }
exec 3>&-
wait "$tt"
[ "$(grep -c '"id":"' "$work/out")" = 1 ] || { echo "FAIL: expected the one record, got: $(cat "$work/out")" >&2; exit 1; }
echo "ok: tweet-trends passes records on at once"
