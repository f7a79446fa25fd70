#!/usr/bin/env bash
# tweet-stream replay of recorded Bluesky Jetstream lines, alone and mixed with X lines in one run:
# records derived independently with jq, non-post events counted, broken lines reported, filters,
# --raw and the parallel path.
source "$(dirname "$0")/tweet_stream_common.sh"
JS="$TWEETMAP_ROOT/tests/data/parsers/jetstream.jsonl" V1="$DATA/v1.jsonl"

"$TS" -v replay --geocode none "$JS" >"$TMP/out" 2>"$TMP/err"; rc=$?
check "replay of Jetstream lines exits 0" [ "$rc" -eq 0 ]
check "counters: 5 posts, 5 control, 2 malformed" \
  grep -q "12 lines: 5 posts, 5 written, 0 filtered, 5 control, 0 blank, 2 malformed" "$TMP/err"
check "the commit without a record is reported with file:line" \
  grep -q "jetstream.jsonl:9: malformed line skipped.*post commit without record" "$TMP/err"
check "the cut-off line is reported" grep -q "jetstream.jsonl:12: malformed line skipped" "$TMP/err"

# Independently with jq: every create of app.bsky.feed.post that has a record, in order.
jq -cR 'fromjson? | select(.kind == "commit" and .commit.operation == "create"
    and .commit.collection == "app.bsky.feed.post" and .commit.record != null)
  | {id: "at://\(.did)/app.bsky.feed.post/\(.commit.rkey)", user: .did,
     text: .commit.record.text, lang: (.commit.record.langs // [])[0]}' "$JS" \
  | jq -c 'with_entries(select(.value != null))' >"$TMP/want"
jq -c '{id, user, text, lang} | with_entries(select(.value != null))' "$TMP/out" >"$TMP/got"
same_file "ids, users, texts and langs agree with jq" "$TMP/want" "$TMP/got"
check "every record says where it came from (src replay); without geocoding it has no position" \
  jq -e -s 'length == 5 and all(.src == "replay" and .geo == "none" and (has("lat") | not))' "$TMP/out"
check "tags: facets then record tags, case-folded, de-duplicated" \
  jq -e -s '.[0].tags == ["lisboa", "verao", "portugal"]' "$TMP/out"
check "ts from createdAt; time_us when createdAt is missing or far off" \
  jq -e -s '[.[].ts] == [1725911162102, 1725911163000, 1725911164000, 1725911166000, 1725903966900]' "$TMP/out"

# Mixed with X lines in one run, and the same bytes as each file on its own.
"$TS" -q replay --geocode none "$V1" "$JS" >"$TMP/mixed" 2>/dev/null
cat <("$TS" -q replay --geocode none "$V1" 2>/dev/null) "$TMP/out" >"$TMP/concat"
same_file "X and Jetstream files in one run" "$TMP/concat" "$TMP/mixed"
cat "$V1" "$JS" "$V1" >"$TMP/interleaved.jsonl"
"$TS" -q replay "$TMP/interleaved.jsonl" >"$TMP/inter" 2>/dev/null
check "lines of both kinds in one file" [ "$(grep -c '"id":"at://' "$TMP/inter")" -eq 5 ]

# The parallel path gives the same bytes.
parallel_same "$JS" 2000 10000

# Filters and --raw work as for X.
"$TS" -q replay --lang de "$JS" >"$TMP/de" 2>/dev/null
check "--lang de keeps the one German post" jq -e -s 'length == 1 and .[0].lang == "de"' "$TMP/de"
"$TS" -q replay --track '#portugal' "$JS" >"$TMP/tr" 2>/dev/null
check "--track matches a tag from the record's tags" jq -e -s 'length == 1 and (.[0].tags | index("portugal"))' "$TMP/tr"
"$TS" -q replay --geocode none --geo-only "$JS" >"$TMP/geo" 2>/dev/null
check "--geo-only drops posts without a position" [ ! -s "$TMP/geo" ]
"$TS" -q replay "$JS" >"$TMP/geocoded" 2>/dev/null
check "by default a position found for a Jetstream post is labelled as geocoded (text or profile)" \
  jq -e -s 'all(if has("lat") then (.geo == "text" or .geo == "profile") else .geo == "none" end)' "$TMP/geocoded"
"$TS" -q replay --raw "$JS" >"$TMP/raw" 2>/dev/null
sed -n '1p;7p;8p;10p;11p' "$JS" >"$TMP/raw.want"
same_file "--raw writes the input lines of the posts" "$TMP/raw.want" "$TMP/raw"
"$TS" -q replay --count 2 "$JS" >"$TMP/c2" 2>/dev/null
check "--count 2 stops after two records" [ "$(wc -l <"$TMP/c2")" -eq 2 ]
finish
