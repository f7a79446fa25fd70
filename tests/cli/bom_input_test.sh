#!/usr/bin/env bash
# A UTF-8 byte order mark at the start of the input (as some editors and Windows tools write it)
# is not part of the first line: tweet-stream replay (serial and -j2), tweet-trends and sse-serve
# keep the first record, and a BOM anywhere else is data as before.
source "$(dirname "$0")/tweet_stream_common.sh"
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../../scripts/lib.sh"
BIN=$TWEETMAP_BIN
bom=$'\xEF\xBB\xBF'
V1="$DATA/v1.jsonl"

# tweet-stream: the output with a BOM before the first post equals the output without it.
"$TS" -q replay "$V1" >"$TMP/plain.out"
{ printf '%s' "$bom"; cat "$V1"; } >"$TMP/bom.jsonl"
"$TS" -q replay "$TMP/bom.jsonl" >"$TMP/bom.out"
same_file "tweet-stream replay: a leading BOM does not drop the first post" "$TMP/plain.out" "$TMP/bom.out"
"$TS" -q replay - <"$TMP/bom.jsonl" >"$TMP/bom-stdin.out"
same_file "tweet-stream replay of stdin: a leading BOM does not drop the first post" "$TMP/plain.out" "$TMP/bom-stdin.out"
# Parallel parsing of a file large enough to be cut into several blocks.
for _ in $(seq 1 3000); do cat "$V1"; done >"$TMP/big.jsonl"
"$TS" -q replay -j 2 "$TMP/big.jsonl" >"$TMP/big-plain.out"
{ printf '%s' "$bom"; cat "$TMP/big.jsonl"; } >"$TMP/big-bom.jsonl"
"$TS" -q replay -j 2 "$TMP/big-bom.jsonl" >"$TMP/big-bom.out"
same_file "tweet-stream replay -j 2: a leading BOM does not drop the first post" "$TMP/big-plain.out" "$TMP/big-bom.out"
check "tweet-stream replay -j 2 wrote posts" [ -s "$TMP/big-bom.out" ]

# tweet-trends passes records through: the first one must be there.
r1='{"id":"1001","ts":1447202107010,"text":"first #bom","tags":["bom"],"rt":false,"src":"replay"}'
r2='{"id":"1002","ts":1447202108010,"text":"second #bom","tags":["bom"],"rt":false,"src":"replay"}'
printf '%s%s\n%s\n' "$bom" "$r1" "$r2" >"$TMP/records.jsonl"
"$BIN/tweet-trends" "$TMP/records.jsonl" >"$TMP/trends.out" 2>"$TMP/trends.err"
ids=$(jq -r 'select(.type == null) | .id' "$TMP/trends.out" | tr '\n' ' ')
check "tweet-trends: a leading BOM does not drop the first record (got '$ids')" [ "$ids" = "1001 1002 " ]
check "tweet-trends: nothing reported as malformed" bash -c "! grep -q malformed '$TMP/trends.err'"

# sse-serve counts both records as events in.
"$BIN/sse-serve" --listen 127.0.0.1:0 "$TMP/records.jsonl" >/dev/null 2>"$TMP/sse.err" &
srv=$!
port=$(listening_port "$TMP/sse.err")
metrics=$(sse_drained_metrics "$port")
kill "$srv"; wait "$srv" 2>/dev/null
check "sse-serve: a leading BOM does not drop the first record" grep -q '^sse_events_in_total 2$' <<<"$metrics"
check "sse-serve: nothing skipped" grep -q '^sse_input_skipped_total 0$' <<<"$metrics"
finish
