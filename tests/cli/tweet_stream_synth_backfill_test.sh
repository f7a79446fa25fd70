#!/usr/bin/env bash
# tweet-stream synth --backfill: the last DURATION of event time is written at once, in order and
# at the stream's density, then the stream goes on live; tweet-trends fed that way is warm (and
# lists trends) as soon as the backfill has gone through. Usage errors exit 2.
source "$(dirname "$0")/tweet_stream_common.sh"
TT="$TWEETMAP_BIN/tweet-trends"
between() { [ "$1" -gt "$2" ] && [ "$1" -lt "$3" ]; }

# --- 60 s of the past at once, then live: a 61 s run takes about 1 s of wall time ---
t0=$(date +%s%3N)
"$TS" synth --rate 1000 --backfill 60 --duration 61 >"$TMP/b.jsonl"
t1=$(date +%s%3N)
n=$(wc -l <"$TMP/b.jsonl")
check "61 s of event time at 1000/s: ~61000 records ($n)" between "$n" 55000 67000
check "the backfill did not wait: 61 s of event time in $((t1 - t0)) ms of wall time" [ $((t1 - t0)) -lt 20000 ]
check "timestamps start 60 s before the run and are in order" jq -e -n --argjson t0 "$t0" '[inputs.ts] as $t
  | ($t[0] - ($t0 - 60000) | fabs) < 2000 and ([range(1; $t|length) as $i | $t[$i] >= $t[$i-1]] | all)' "$TMP/b.jsonl"
check "the last record is live (within 3 s of the end of the run)" jq -e -n --argjson t1 "$t1" \
  '[inputs.ts] | (last - $t1 | fabs) < 3000' "$TMP/b.jsonl"
"$TS" synth --rate 1000 --backfill 1m --duration 1 | jq -e -n --argjson t0 "$(date +%s%3N)" \
  '[inputs.ts] | .[0] - ($t0 - 60000) | fabs < 2000' >/dev/null
check "--backfill 1m is 60 s" [ $? -eq 0 ]

# --- tweet-trends is warm straight after 8 minutes of backfill (window 300 s + warm-up 120 s) ---
"$TS" synth --rate 300 --seed 3 --backfill 8m --duration 481 | "$TT" | grep '"type":"trends"' >"$TMP/snaps.jsonl"
check "warming snapshots carry their progress (seen < need = 420)" jq -e -n '[inputs | select(.warming)]
  | length > 0 and all(.warmup.need == 420 and .warmup.seen < 420)' "$TMP/snaps.jsonl"
check "after the backfill the snapshots are warm and list global and regional trends" jq -e -n '[inputs][-1]
  | .warming == false and (has("warmup") | not) and (.scopes[0].trends | length) > 0
    and ([.scopes[] | select(.scope != "global")] | length) > 0' "$TMP/snaps.jsonl"

# --- usage errors ---
"$TS" synth --backfill 10m --count 1 >/dev/null 2>&1; check "--backfill without --rate: exit 2" [ $? -eq 2 ]
"$TS" synth --rate 10 --unpaced --backfill 10m --count 1 >/dev/null 2>&1; check "--backfill with --unpaced: exit 2" [ $? -eq 2 ]
"$TS" synth --rate 10 --start 1600000000 --backfill 10m --count 1 >/dev/null 2>&1
check "--backfill with --start: exit 2" [ $? -eq 2 ]
for bad in 10x -5 0 m 8d 1e9; do
  err=$("$TS" synth --rate 10 --backfill "$bad" --count 1 2>&1 >/dev/null); st=$?
  lines=$(wc -l <<<"$err")
  check "--backfill $bad: exit 2 with one line naming the option" \
    bash -c '[ "$1" -eq 2 ] && [ "$2" -eq 1 ] && grep -q -- --backfill <<<"$3"' _ "$st" "$lines" "$err"
done
finish
