#!/usr/bin/env bash
# tweet-trends: a position out of range (lat 999, lon -999, lat 91, lon 180.5) is dropped as
# tweet-stream drops it: the snapshots equal those of the same records without lat/lon (no cell
# at the pole centred on [999, 999]), every centre in the output is in range, and the drops are
# reported (the first with its line number) and counted.
# shellcheck source=tests/cli/tweet_trends_common.sh
source "$(dirname "$0")/tweet_trends_common.sh"

# Every record with a position gets a bad one (four kinds in turn); the reference drops it.
jq -c 'if .lat != null then
         (input_line_number % 4) as $k |
         if $k == 0 then .lat = 999 | .lon = 999 elif $k == 1 then .lon = -999
         elif $k == 2 then .lat = 91 else .lon = 180.5 end
       else . end' "$data/trends_input.jsonl" >"$tmp/bad.jsonl"
bad=$(jq -s 'map(select(.lat != null)) | length' "$data/trends_input.jsonl")
[ "$bad" -gt 100 ] || fail "fixture has too few positions ($bad)"
jq -c 'del(.lat, .lon)' "$data/trends_input.jsonl" >"$tmp/none.jsonl"

"$bin" "${opts[@]}" "$tmp/bad.jsonl" >"$tmp/out.bad" 2>"$tmp/err"
"$bin" "${opts[@]}" "$tmp/none.jsonl" >"$tmp/out.none"
grep '"type":"trends"' "$tmp/out.bad" >"$tmp/snap.bad" || true
grep '"type":"trends"' "$tmp/out.none" >"$tmp/snap.none" || true
[ -s "$tmp/snap.none" ] || fail "no snapshots"
cmp -s "$tmp/snap.bad" "$tmp/snap.none" ||
  fail "snapshots with out-of-range positions differ from those without positions"
jq -e -s '[.. | objects | (.center? // .centroid?) | select(. != null) |
           select((.[0] | fabs) > 180 or (.[1] | fabs) > 90)] | length == 0' "$tmp/snap.bad" >/dev/null ||
  fail "a centre out of range in the output"
# The records themselves pass through unchanged.
[ "$(grep -vc '"type":"trends"' "$tmp/out.bad")" -eq "$(wc -l <"$tmp/bad.jsonl")" ] || fail "records not passed through"
first=$(jq -r 'select(.lat != null) | input_line_number' "$tmp/bad.jsonl" | head -n1)
grep -q "bad.jsonl:$first: position out of range" "$tmp/err" || { cat "$tmp/err" >&2; fail "first drop not reported at line $first"; }
grep -q "^.*$bad positions out of range dropped" "$tmp/err" || { cat "$tmp/err" >&2; fail "total of $bad drops not reported"; }
echo "ok: out-of-range positions dropped ($bad), reported and counted"
