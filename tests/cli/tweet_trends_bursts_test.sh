#!/usr/bin/env bash
# tweet-trends: bursts injected in known countries and cells are reported there within two
# intervals of their start; steady popular tags (global and regional) are never reported.
# shellcheck source=tests/cli/tweet_trends_common.sh
source "$(dirname "$0")/tweet_trends_common.sh"

# 40 minutes of event time at 30 posts/s, six bursts of 2 posts/s in six cities.
python3 "$lib/trends_synth.py" --compact --seed 11 --duration 2400 --rate 30 --tags 1000 \
  --burst '#quake,1,900,1500,2' --burst '#derby,6,1000,1500,2' --burst '#carnaval,14,1200,1800,2' \
  --burst '#banjir,15,1300,1900,2' --burst '#storm,2,1500,2100,2' --burst '#fiji,24,1700,2300,2' \
  --truth "$tmp/truth.jsonl" >"$tmp/in.jsonl"
"$bin" "$tmp/in.jsonl" >"$tmp/out.jsonl"
python3 "$lib/trends_eval.py" --truth "$tmp/truth.jsonl" --output "$tmp/out.jsonl" >"$tmp/eval.json"

fail=0
check() {  # check JQ_EXPR MESSAGE
  if ! jq -e "$1" "$tmp/eval.json" >/dev/null; then
    echo "FAIL: $2" >&2
    fail=1
  fi
}
check '.bursts == 6' "expected 6 bursts in the truth"
check '.trends.cc.recall == 1' "a burst was not reported in its country"
check '.trends.cell.recall == 1' "a burst was not reported in its cell"
check '.trends.cc.within_two_intervals == 6' "a burst took more than two intervals in its country"
check '.trends.cell.within_two_intervals == 6' "a burst took more than two intervals in its cell"
check '.trends.all.precision == 1' "a (term, region) was reported that no burst explains"
check '.steady_reported == []' "a steady tag was reported as trending"
# Nothing but the bursts trends globally either.
others=$(jq -r 'select(.type == "trends") | .scopes[] | select(.scope == "global") | .trends[].term' \
  "$tmp/out.jsonl" | sort -u | grep -v -E '^#(quake|derby|carnaval|banjir|storm|fiji)$' || true)
[ -z "$others" ] || { echo "FAIL: other global trends: $others" >&2; fail=1; }
# Fiji (near the antimeridian): the centroid is near Suva, not near longitude 0.
jq -e -s '[.[] | select(.type == "trends") | .scopes[] | select(.scope == "cc" and .cc == "FJ")
  | .trends[] | select(.term == "#fiji") | .centroid] | length > 0 and
  all(.[]; .[0] > 178 and .[0] < 179 and .[1] > -18.5 and .[1] < -17.8)' "$tmp/out.jsonl" >/dev/null ||
  { echo "FAIL: #fiji centroid not at Suva" >&2; fail=1; }
# Where: the Tokyo burst's top cell and place.
jq -e -s '[.[] | select(.type == "trends") | .scopes[] | select(.scope == "cc" and .cc == "JP")
  | .trends[] | select(.term == "#quake")] | length > 0 and all(.[]; .place == "Osaka, Japan"
  and .cells[0].cell == "xn0m")' "$tmp/out.jsonl" >/dev/null ||
  { echo "FAIL: #quake not placed in Osaka (cell xn0m)" >&2; fail=1; }
if [ "$fail" -ne 0 ]; then
  cat "$tmp/eval.json" >&2
  exit 1
fi
echo "ok: 6 bursts found in their country and cell within two intervals; no steady tag trends"
