#!/usr/bin/env bash
# Replays every file of the shared fixtures (real recorded API output) and checks counts derived
# by reading the files with jq: posts, exact points, malformed lines. Skips when the folder is absent.
source "$(dirname "$0")/tweet_stream_common.sh"
FIX="${TWEETMAP_SHARED:-$TWEETMAP_ROOT/../shared}/fixtures"
if ! ls "$FIX"/*.jsonl >/dev/null 2>&1; then echo "skipped: no shared fixtures at $FIX"; exit 0; fi

for f in "$FIX"/*.jsonl; do
  name=$(basename "$f")
  # Per line: posts it holds, exact points among them, 1 if jq cannot parse it (and it is not blank).
  jq -R -c '. as $l | (try fromjson catch "BAD") as $j
    | if $j == "BAD" then (if ($l | test("^\\s*$")) then [0,0,0] else [0,0,1] end)
      elif ($j | type) != "object" then [0,0,1]
      elif ($j.data | type) == "array" then [($j.data | length), ([$j.data[] | select(.geo.coordinates != null)] | length), 0]
      elif ($j.data | type) == "object" then [1, (if $j.data.geo.coordinates != null then 1 else 0 end), 0]
      elif (($j.id_str != null or ($j.id | type) == "number") and $j.user != null and ($j.text != null or $j.full_text != null)) then [1, (if $j.coordinates != null then 1 else 0 end), 0]
      else [0,0,0] end' "$f" | jq -s -c 'transpose | map(add)' >"$TMP/want"
  read -r posts points bad < <(jq -r '@tsv' "$TMP/want")
  "$TS" -v replay "$f" >"$TMP/out" 2>"$TMP/err"; rc=$?
  check "$name: exit 0" [ "$rc" -eq 0 ]
  got=$(wc -l <"$TMP/out")
  check "$name: $posts records (got $got)" [ "$got" -eq "$posts" ]
  got=$(grep -c '"geo":"point"' "$TMP/out")
  check "$name: $points exact points (got $got)" [ "$got" -eq "$points" ]
  check "$name: $bad malformed lines counted" grep -q " $bad malformed$" "$TMP/err"
  check "$name: output is valid JSON" jq -e -s 'all(type == "object" and (.id|type) == "string")' "$TMP/out"
  check "$name: ids match the input's exactly (no double rounding)" \
    [ -z "$(jq -r .id "$TMP/out" | grep -v -x -F -f <(grep -o '"id_str":"[0-9]*"\|"id": *"\?[0-9]*' "$f" | grep -o '[0-9]*' | sort -u))" ]
done
finish
