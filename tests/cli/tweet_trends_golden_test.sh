#!/usr/bin/env bash
# tweet-trends: the snapshots for a fixed fixture are byte-for-byte the expected ones, the same
# on a second run and when the input comes through a pipe in small pieces.
# shellcheck source=tests/cli/tweet_trends_common.sh
source "$(dirname "$0")/tweet_trends_common.sh"

"$bin" "${opts[@]}" "$data/trends_input.jsonl" >"$tmp/out1"
grep '"type":"trends"' "$tmp/out1" >"$tmp/snap1" || true
if ! cmp -s "$tmp/snap1" "$data/trends_expected_snapshots.jsonl"; then
  echo "FAIL: snapshots differ from tests/data/trends_expected_snapshots.jsonl:" >&2
  diff <(cut -c1-300 "$data/trends_expected_snapshots.jsonl") <(cut -c1-300 "$tmp/snap1") | head -n 20 >&2
  exit 1
fi
# Deterministic: stdin through a slow pipe gives the same bytes.
python3 -c '
import sys, os
data = open(sys.argv[1], "rb").read()
for i in range(0, len(data), 777):
    os.write(1, data[i:i + 777])
' "$data/trends_input.jsonl" | "$bin" "${opts[@]}" >"$tmp/out2"
cmp -s "$tmp/out1" "$tmp/out2" || { echo "FAIL: output differs between two runs" >&2; exit 1; }
# Every snapshot is valid JSON with the documented top-level fields.
jq -e -s 'length > 10 and all(.[]; .type == "trends" and (.ts|type) == "number"
  and .interval == 10 and .window == 60 and (.scopes|type) == "array")' "$tmp/snap1" >/dev/null ||
  { echo "FAIL: snapshot fields" >&2; exit 1; }
# The two injected bursts are in the fixture's snapshots, where they were injected.
jq -e -s '[.[].scopes[] | select(.scope == "cc" and .cc == "FR") | .trends[].term] | index("#golden")' \
  "$tmp/snap1" >/dev/null || { echo "FAIL: #golden not trending in FR" >&2; exit 1; }
jq -e -s '[.[].scopes[] | select(.scope == "cell" and .cell == "xn0m") | .trends[].term] | index("#祭り")' \
  "$tmp/snap1" >/dev/null || { echo "FAIL: #祭り not trending in cell xn0m (Osaka)" >&2; exit 1; }
echo "ok: golden snapshots"
