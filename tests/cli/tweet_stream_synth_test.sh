#!/usr/bin/env bash
# tweet-stream synth: determinism, event time, the burst ground truth checked against the records,
# pacing, distributions, filters, pipes and signals.
source "$(dirname "$0")/tweet_stream_common.sh"

# --- same seed and options, same bytes; another seed, other bytes ---
a=$("$TS" synth --count 20000 --seed 7 | md5sum); b=$("$TS" synth --count 20000 --seed 7 | md5sum)
c=$("$TS" synth --count 20000 --seed 8 | md5sum)
check "same seed => same bytes" [ "$a" = "$b" ]
check "other seed => other bytes" [ "$a" != "$c" ]
d=$("$TS" synth --duration 5 --seed 7 --geo-only | md5sum)
check "filters do not change what the generator draws" [ "$d" = "$("$TS" synth --duration 5 --seed 7 | grep '"lat"' | md5sum)" ]

# --- event time: fixed default start, --duration in event seconds, --start ---
"$TS" synth --duration 30 >"$TMP/d.jsonl"
n=$(wc -l <"$TMP/d.jsonl")
check "--duration 30 at the default 1000/s gives ~30000 records ($n)" [ "$n" -gt 27000 ] && [ "$n" -lt 33000 ]
check "timestamps start at 2024-01-01T00:00:00Z and stay within 30 s" \
  jq -e -n '[inputs.ts] | .[0] == 1704067200000 and (max < 1704067230000) and (min >= 1704067200000)' "$TMP/d.jsonl"
check "ids are distinct" [ "$(jq -r .id "$TMP/d.jsonl" | sort -u | wc -l)" -eq "$n" ]
check "records are well-formed (positions inside their place box)" jq -e -n '[inputs | select((.id|type) == "string"
  and (.ts|type) == "number" and .src == "synth" and (.tags|type) == "array" and (.rt|type) == "boolean"
  and (.geo == "none" or (.bbox[0] <= .bbox[2] and .bbox[1] <= .lat and .lat <= .bbox[3]
       and .bbox[0] <= .lon and .lon <= .bbox[2] and (.cc|length) == 2)))] | length == '"$n" "$TMP/d.jsonl"
check "geo=place records sit at the centre of their box" jq -e -n '[inputs | select(.geo == "place")
  | ((.bbox[1] + .bbox[3]) / 2 - .lat | fabs) < 1e-6 and ((.bbox[0] + .bbox[2]) / 2 - .lon | fabs) < 1e-6] | all' "$TMP/d.jsonl"
first=$("$TS" synth --count 1 --start 2020-02-29T12:00:00Z | jq .ts)
check "--start ISO-8601" [ "$first" = 1582977600000 ]
first=$("$TS" synth --count 1 --start 1600000000 | jq .ts)
check "--start epoch seconds" [ "$first" = 1600000000000 ]

# --- distributions over the 30 s sample ---
jq -r .geo "$TMP/d.jsonl" | sort | uniq -c >"$TMP/geo"
share() { awk -v k="$1" -v n="$n" '$2 == k {printf "%d", 100 * $1 / n}' "$TMP/geo"; }
check "geo=point about 28% ($(share point)%)" [ "$(share point)" -ge 22 ] && [ "$(share point)" -le 34 ]
check "geo=place about 67% ($(share place)%)" [ "$(share place)" -ge 60 ] && [ "$(share place)" -le 74 ]
top=$(jq -r '.tags[]' "$TMP/d.jsonl" | sort | uniq -c | sort -rn | head -n 1 | awk '{print $2}')
check "the most popular tag is rank 1 of the Zipf list (news), got $top" [ "$top" = news ]
check "multilingual tags occur" grep -q '"tags":\[[^]]*"\(今日の一枚\|猫\|美食\)"' "$TMP/d.jsonl"
check "several languages occur" [ "$(jq -r .lang "$TMP/d.jsonl" | sort -u | wc -l)" -ge 10 ]
check "reposts occur" grep -q '"rt":true' "$TMP/d.jsonl"

# --- the --truth file describes the bursts actually injected ---
"$TS" synth --rate 40 --unpaced --duration 3600 --seed 3 --truth "$TMP/truth.jsonl" >"$TMP/b.jsonl"
nb=$(wc -l <"$TMP/truth.jsonl")
check "an hour with a burst every ~2 min has many bursts ($nb)" [ "$nb" -ge 15 ]
check "truth lines carry the documented fields" jq -e -n '[inputs | (.term|type) == "string" and (.tag|type) == "string"
  and (.cc|length) == 2 and (.place|type) == "string" and (.lat|type) == "number" and (.lon|type) == "number"
  and .radius_km > 0 and (.bbox|length) == 4 and .start < .end and .peak_share > 0 and .records >= 0] | all' "$TMP/truth.jsonl"
# For bursts that ended, the records carrying the term within its span are exactly the ones
# counted, and all of them lie in its country and its box.
jq -c 'select(.cut != true)' "$TMP/truth.jsonl" | head -n 8 >"$TMP/ended.jsonl"
bad=$(jq -n --slurpfile t "$TMP/ended.jsonl" '
  reduce inputs as $r ({bad: 0}; reduce ($t[] | select(. as $b | $r.tags | index($b.term))
      | select($r.ts >= .start and $r.ts < .end)) as $b (.;
      .[$b.term + "@" + ($b.start|tostring)] += 1
      | if ($r.cc != $b.cc or $r.lat < $b.bbox[1] or $r.lat > $b.bbox[3]) then .bad += 1 else . end))
  | . as $c | ([$t[] | select(($c[.term + "@" + (.start|tostring)] // 0) != .records)] | length) + $c.bad' "$TMP/b.jsonl")
check "burst records match the truth (counts, place, time span) for 8 bursts ($bad bad)" [ "$bad" = 0 ]
check "a burst makes its term trend in its city" [ "$(jq -r '.records' "$TMP/ended.jsonl" | sort -n | tail -n 1)" -gt 100 ]

# --- pacing: --rate paces in real time, starting now ---
t0=$(date +%s%N); "$TS" synth --rate 40 --count 20 >"$TMP/p.jsonl"; t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
check "--rate 40 --count 20 takes ~0.5 s (took $ms ms)" [ "$ms" -ge 300 ] && [ "$ms" -lt 3000 ]
now=$(date +%s)
check "paced timestamps start now" jq -e -n --argjson now "$now" 'input.ts / 1000 | . > $now - 10 and . < $now + 10' "$TMP/p.jsonl"
"$TS" synth --rate 200 --count 100 --stats 0.1 2>"$TMP/e.stats" >/dev/null
check "--stats prints counters" grep -q "tweet-stream: stats: in=[0-9]* out=[0-9]*" "$TMP/e.stats"

# --- filters apply to synth too ---
check "--lang ja keeps only ja" jq -e -n '[inputs.lang] | length == 50 and all(. == "ja")' \
  <("$TS" synth --count 50 --lang ja)
check "--geo-only --no-retweets" jq -e -n '[inputs | .lat != null and .rt == false] | length == 50 and all' \
  <("$TS" synth --count 50 --geo-only --no-retweets)

# --- usage errors, pipes, signals ---
"$TS" synth --raw --count 1 >/dev/null 2>&1; check "--raw with synth: exit 2" [ $? -eq 2 ]
"$TS" synth --unpaced >/dev/null 2>&1; check "--unpaced without --rate: exit 2" [ $? -eq 2 ]
"$TS" synth --start yesterday >/dev/null 2>&1; check "bad --start: exit 2" [ $? -eq 2 ]
"$TS" synth --rate -5 >/dev/null 2>&1; check "negative --rate: exit 2" [ $? -eq 2 ]
"$TS" synth 2>"$TMP/e.head" | head -n 3 >/dev/null; rc=${PIPESTATUS[0]}
check "endless synth | head -n 3: exit 0, quiet" [ "$rc" -eq 0 ] && [ ! -s "$TMP/e.head" ]
"$TS" synth --count 100000 >/dev/full 2>"$TMP/e.full"; rc=$?
check "synth > /dev/full: exit 1 with the error" [ "$rc" -eq 1 ] && grep -q "write error" "$TMP/e.full"
"$TS" synth --rate 50 >"$TMP/live.jsonl" 2>/dev/null & pid=$!
for _ in $(seq 1 100); do [ -s "$TMP/live.jsonl" ] && break; sleep 0.05; done
check "paced output arrives line by line" [ -s "$TMP/live.jsonl" ]
kill -TERM "$pid"; wait "$pid"; rc=$?
check "SIGTERM: exit 130" [ "$rc" -eq 130 ]
check "SIGTERM: output ends with a whole line" jq -e -n '[inputs] | length > 0' "$TMP/live.jsonl"
finish
