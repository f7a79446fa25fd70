#!/usr/bin/env bash
# tweet-stream filters on replayed fixtures: --lang, --geo-only, --no-retweets, --track,
# --locations, combined (AND across kinds), and bad filter specs (exit 2).
source "$(dirname "$0")/tweet_stream_common.sh"
IN=("$DATA/v1.jsonl" "$DATA/v2.jsonl")
ids() { "$TS" -q replay "${IN[@]}" "$@" | jq -r .id | paste -sd' '; }
expect() {  # expect NAME "ids" filter-options...
  local name=$1 want=$2; shift 2
  local got; got=$(ids "$@")
  if [ "$got" = "$want" ]; then ok "$name"; else fail "$name: want [$want] got [$got]"; fi
}
# Expected ids read off the fixtures (see tests/data/tweet-stream/v1.jsonl, v2.jsonl).
expect "--lang de" "1377650090978992134 1377650092000000001" --lang de
expect "--lang es,ja (OR within a kind)" "664239896899526656 664239905000000000" --lang es,ja
expect "--geo-only" "664239896698208257 9007199254740993123 664239905000000000 1377650090978992134 1377650092000000001" --geo-only
expect "--no-retweets drops v1.1 and v2 reposts" \
  "664239896698208257 9007199254740993123 664239905000000000 664239910000000000 1377650090978992134 1377650092000000001 1377650093000000002" --no-retweets
expect "--track hashtags, case-insensitive" "664239905000000000 1377650090978992134" --track 'BERLIN,tokyotower'
expect "--track words AND (space)" "664239896698208257" --track 'fish chips'
expect "--locations: place box overlap or point inside" "1377650090978992134 1377650092000000001" --locations 13,52,14,53
expect "--locations across the antimeridian (Fiji)" "9007199254740993123" --locations 178,-20,180,-15
expect "kinds combine with AND" "1377650092000000001" --lang de --track kreuzberg
"$TS" replay "$DATA/v1.jsonl" --locations 1,2,3 >/dev/null 2>"$TMP/e"; rc=$?
check "bad --locations: exit 2 with a message" [ "$rc" -eq 2 ] && grep -q "error:" "$TMP/e"
"$TS" replay "$DATA/v1.jsonl" --track ',' >/dev/null 2>"$TMP/e"; rc=$?
check "bad --track: exit 2" [ "$rc" -eq 2 ]
"$TS" -v replay "${IN[@]}" --lang de 2>&1 >/dev/null | grep -q "9 posts, 2 written, 7 filtered" \
  && ok "filtered posts are counted" || fail "filtered count"
# --config: keys are long option names, a source's options in its own section
printf 'lang = "de"\n[synth]\nseed = 5\n' >"$TMP/c.toml"
expect "--config sets filters" "1377650090978992134 1377650092000000001" --config "$TMP/c.toml"
check "--config sets a source's options ([synth] seed)" [ "$("$TS" --config "$TMP/c.toml" synth --count 20 | md5sum)" = "$("$TS" synth --seed 5 --lang de --count 20 | md5sum)" ]
finish
