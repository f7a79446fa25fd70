#!/usr/bin/env bash
# tweet-stream replay of recorded Mastodon status lines (shaped after the Status entity of the
# Mastodon API documentation), alone and mixed with X and Jetstream lines in one run: records
# derived independently with jq, broken statuses reported, the Location field geocoded, filters,
# --raw, --count and the parallel path.
source "$(dirname "$0")/tweet_stream_common.sh"
M="$TWEETMAP_ROOT/tests/data/parsers/mastodon.jsonl" JS="$TWEETMAP_ROOT/tests/data/parsers/jetstream.jsonl"
V1="$DATA/v1.jsonl"

"$TS" -v replay --geocode none "$M" >"$TMP/out" 2>"$TMP/err"; rc=$?
check "replay of Mastodon lines exits 0" [ "$rc" -eq 0 ]
check "counters: 5 posts, 3 malformed" \
  grep -q "8 lines: 5 posts, 5 written, 0 filtered, 0 control, 0 blank, 3 malformed" "$TMP/err"
check "the status without uri is reported with file:line" \
  grep -q "mastodon.jsonl:5: malformed line skipped.*Mastodon status without uri" "$TMP/err"
check "the unreadable created_at is reported" \
  grep -q 'mastodon.jsonl:6: malformed line skipped.*unreadable created_at "yesterday"' "$TMP/err"
check "the cut-off line is reported" grep -q "mastodon.jsonl:8: malformed line skipped" "$TMP/err"

# Independently with jq: every line with a uri and an ISO created_at, in order; the reblog's
# language and the author's acct.
jq -cR 'fromjson? | select(.uri != null and (.created_at | test("^[0-9]{4}-")))
  | {id: .uri, user: .account.acct, name: .account.display_name,
     lang: (.reblog.language // .language), rt: (.reblog != null)}' "$M" \
  | jq -c 'with_entries(select(.value != null))' >"$TMP/want"
jq -c '{id, user, name, lang, rt} | with_entries(select(.value != null))' "$TMP/out" >"$TMP/got"
same_file "ids, users, names, langs and rt agree with jq" "$TMP/want" "$TMP/got"
check "every Mastodon record says src replay (the parser's name) and, without geocoding, has no position" \
  jq -e -s 'length == 5 and all(.src == "replay" and .geo == "none" and (has("lat") | not))' "$TMP/out"
check "text: HTML to plain text (paragraphs, <br>, entities, links)" \
  jq -e -s '.[1].text == "Guten Morgen @Gargron!\nFahrrad & Kaffee in #Berlin #berlin #Fahrrad"' "$TMP/out"
check "tags from status.tags, case-folded, de-duplicated; a reblog's from the reblogged status" \
  jq -e -s '.[1].tags == ["berlin", "fahrrad"] and .[2].tags == ["lyon"] and .[0].tags == []' "$TMP/out"
check "ts from created_at, offsets included" \
  jq -e -s '[.[].ts] == [1575776913901, 1668762764000, 1677665100000, 1686366000000, 1693593000000]' "$TMP/out"

# The Location fields reach the profile geocoder.
"$TS" -q replay --geocode profile "$M" >"$TMP/geo" 2>/dev/null
check "Location fields are geocoded (Berlin, Paris, 東京, Porto Alegre)" \
  jq -e -s '[.[] | select(.geo == "profile") | .cc] == ["DE", "FR", "JP", "BR"]' "$TMP/geo"

# Mixed with X and Jetstream lines in one run, and the same bytes as each file on its own.
"$TS" -q replay --geocode none "$V1" "$M" "$JS" >"$TMP/mixed" 2>/dev/null
cat <("$TS" -q replay --geocode none "$V1" 2>/dev/null) "$TMP/out" \
  <("$TS" -q replay --geocode none "$JS" 2>/dev/null) >"$TMP/concat"
same_file "X, Mastodon and Jetstream files in one run" "$TMP/concat" "$TMP/mixed"
cat "$V1" "$M" "$JS" "$V1" >"$TMP/interleaved.jsonl"
"$TS" -q replay "$TMP/interleaved.jsonl" >"$TMP/inter" 2>/dev/null
check "lines of all three kinds in one file" [ "$(grep -c '"id":"https://' "$TMP/inter")" -eq 5 ]

# The parallel path gives the same bytes.
parallel_same "$M" 2000 10000

# Filters, --raw and --count work as for X.
"$TS" -q replay --lang fr "$M" >"$TMP/fr" 2>/dev/null
check "--lang fr keeps the reblog of the French status" jq -e -s 'length == 1 and .[0].rt' "$TMP/fr"
"$TS" -q replay --no-retweets "$M" >"$TMP/nort" 2>/dev/null
check "--no-retweets drops the reblog" jq -e -s 'length == 4 and (map(.rt) | any | not)' "$TMP/nort"
"$TS" -q replay --track '#fahrrad' "$M" >"$TMP/tr" 2>/dev/null
check "--track matches a tag" jq -e -s 'length == 1 and .[0].user == "anna@chaos.social"' "$TMP/tr"
"$TS" -q replay --track 'sort code' "$M" >"$TMP/tr2" 2>/dev/null
check "--track matches words of the plain text" jq -e -s 'length == 1 and .[0].user == "Gargron"' "$TMP/tr2"
"$TS" -q replay --geocode profile --geo-only --locations 13,52,14,53 "$M" >"$TMP/loc" 2>/dev/null
check "--locations with a geocoded Location field" jq -e -s 'length == 1 and .[0].cc == "DE"' "$TMP/loc"
"$TS" -q replay --geocode none --geo-only "$M" >"$TMP/geo0" 2>/dev/null
check "--geo-only without geocoding keeps nothing" [ ! -s "$TMP/geo0" ]
"$TS" -q replay --raw "$M" >"$TMP/raw" 2>/dev/null
sed -n '1,4p;7p' "$M" >"$TMP/raw.want"
same_file "--raw writes the input lines of the statuses" "$TMP/raw.want" "$TMP/raw"
"$TS" -q replay --count 2 "$M" >"$TMP/c2" 2>/dev/null
check "--count 2 stops after two records" [ "$(wc -l <"$TMP/c2")" -eq 2 ]
finish
