#!/usr/bin/env bash
# tweet-trends: a burst that starts while the baseline is still warming is reported once warm-up
# ends, and the other tags its posts carry (the city's tag, popular tags) are not reported with
# it: occurrences are explained by the burst term during warm-up too.
set -euo pipefail
bin=${TWEETMAP_BIN:?}
lib=${TWEETMAP_ROOT:?}/tests/cli/lib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 10 minutes of synth at 200 posts/s; with seed 7 its first bursts (Wuzhong at ~72 s, Coyoacán
# at ~167 s) start before the default warm-up (window 300 s + 120 s) ends.
"$bin/tweet-stream" synth --seed 7 --rate 200 --unpaced --duration 600 --burst-interval 120 \
  --truth "$tmp/truth.jsonl" >"$tmp/in.jsonl"
"$bin/tweet-trends" "$tmp/in.jsonl" >"$tmp/out.jsonl"
python3 "$lib/trends_eval.py" --truth "$tmp/truth.jsonl" --output "$tmp/out.jsonl" >"$tmp/eval.json"
early=$(jq -s '[.[] | select(.start < 1704067200000 + 420000)] | length' "$tmp/truth.jsonl")
if [ "$early" -lt 2 ]; then
  echo "FAIL: expected bursts starting during warm-up, got $early" >&2
  exit 1
fi
if ! jq -e '.trends.all.recall == 1 and .trends.all.precision == 1' "$tmp/eval.json" >/dev/null; then
  echo "FAIL: warm-up bursts: recall/precision below 1 (false pairs below)" >&2
  jq -c '.trends.all' "$tmp/eval.json" >&2
  exit 1
fi
echo "ok: $early bursts during warm-up reported alone, without the tags they lift"
