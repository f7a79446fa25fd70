#!/usr/bin/env bash
# The map service's warm start on a real broker: `kafka-sub -o @(now - 10 min) --merge-field ts |
# tweet-trends`, as scripts/demo --kafka and the systemd map unit run it, on a topic of 4
# partitions holding ten minutes of keyed records. Read partition by partition, that history
# makes event time jump back by minutes and tweet-trends drops most of it as late; merged by the
# records' ts (or by message timestamp, --merge), nothing is late and trends are listed. The merge
# ends at the present, then new messages pass through; a map started together with its producer
# reads all of the backfill, in time order.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
check="$root/tests/integration/kafka_check.py"
# shellcheck source=tests/integration/kafka_lib.sh
. "$root/tests/integration/kafka_lib.sh"  # bin, work, pids, fail, step, lines, has_lines, wait_for
has_line() { grep -q "$2" "$1" 2>/dev/null; }

B=$("$root/scripts/kafka-dev" start | tail -n1)
echo "broker at $B"
export KAFKA_BROKERS=$B
"$root/scripts/kafka-dev" topic warm 4 >/dev/null

step "ten minutes of history, keyed by id over 4 partitions"
from=$(($(now_ms) - 660000))
# --duration 600 with --backfill 10m: only the backfill, written at once.
"$bin/tweet-stream" synth --rate 200 --backfill 10m --duration 600 --seed 7 >"$work/in.jsonl"
n=$(lines "$work/in.jsonl")
[ "$n" -ge 100000 ] || fail "synth wrote $n records, want ten minutes at 200/s"
"$bin/kafka-pub" -t warm --key-field id "$work/in.jsonl"
[ "$(kcat -C -b "$B" -t warm -e -q -f '%p\n' | sort -u | wc -l)" -eq 4 ] ||
  fail "the records did not spread over the 4 partitions"

step "unmerged (for comparison): kafka-sub -o @TS -e | tweet-trends"
"$bin/kafka-sub" -t warm -o "@$from" -e | "$bin/tweet-trends" --stats 3600 >"$work/plain.out" 2>"$work/plain.err"
python3 "$check" warm "$work/plain.out" "$work/plain.err" --max-late "$n" | sed 's/^/unmerged: /'

for merge in "--merge-field ts" "--merge"; do
  step "merged: kafka-sub -o @TS $merge -e | tweet-trends: nothing late, trends listed"
  # shellcheck disable=SC2086  # $merge is an option and its value
  "$bin/kafka-sub" -t warm -o "@$from" $merge -e | "$bin/tweet-trends" --stats 3600 >"$work/merged.out" 2>"$work/merged.err"
  python3 "$check" warm "$work/merged.out" "$work/merged.err" --max-late 0
  # Every record went through once.
  [ "$(grep -vc '^{"type":"trends"' "$work/merged.out")" -eq "$n" ] || fail "records lost or repeated"
done

step "live: the service's command (no -e) merges until every partition's end is the present"
"$bin/kafka-sub" -t warm -o "@$from" --merge-field ts -v >"$work/live.out" 2>"$work/live.err" &
sub=$!
pids+=("$sub")
wait_for 60 has_lines "$work/live.out" "$n" || fail "the history was not read ($(lines "$work/live.out") lines)"
live() { seq 1 200 | sed "s/.*/{\"id\":\"$1-&\",\"ts\":$(now_ms)}/" | "$bin/kafka-pub" -t warm --key-field id; }
live now1
wait_for 30 has_lines "$work/live.out" $((n + 200)) || fail "new messages were not merged"
wait_for 30 has_line "$work/live.err" "caught up: [0-9]* messages merged by ts" ||
  fail "the merge did not end at the present: $(cat "$work/live.err")"
live now2
wait_for 30 has_lines "$work/live.out" $((n + 400)) ||
  fail "$(($(lines "$work/live.out") - n - 200)) of 200 new messages passed through after the merge"
[ "$(grep -c '"id":"now[12]-' "$work/live.out")" -eq 400 ] || fail "new messages repeated or lost"
kill -TERM "$sub"
rc=0
wait "$sub" || rc=$?
[ "$rc" -eq 130 ] || fail "kafka-sub --merge-field ts exited $rc on SIGTERM, want 130"
step "-o @TS later than every message: starts at the end as it was at the lookup"
[ "$("$bin/kafka-sub" -t warm -o "@$(($(now_ms) + 3600000))" -e | wc -l)" -eq 0 ] ||
  fail "a time after every message did not start at the end"

step "a map started together with its producer reads all of the backfill, in time order (5 rounds)"
# The partitions are empty when kafka-sub looks the time up: they must start at their end as of
# that lookup (looked up again while the new topic has no leader), not at the end resolved when
# the fetch starts, after the first writes; before, about one start in ten missed a partition's
# first block. While the producer is still writing history, a partition's end is not the
# present: the merge must go on, or the rest comes out partition by partition again.
for i in 1 2 3 4 5; do
  "$root/scripts/kafka-dev" topic "together$i" 4 >/dev/null
  "$bin/kafka-sub" -t "together$i" -o "@$(($(now_ms) - 600000))" --merge-field ts \
    >"$work/together$i.out" 2>/dev/null &
  sub=$!
  pids+=("$sub")
  "$bin/kafka-pub" -t "together$i" --key-field id "$work/in.jsonl"
  # The last message of a partition waits until the others have been idle (0.3 s after an end).
  wait_for 60 has_lines "$work/together$i.out" "$n" ||
    fail "round $i: $(lines "$work/together$i.out") of $n records read"
  kill -TERM "$sub"
  wait "$sub" || true
  "$bin/tweet-trends" --stats 3600 <"$work/together$i.out" >"$work/together$i.trends" 2>"$work/together$i.err"
  python3 "$check" warm "$work/together$i.trends" "$work/together$i.err" --max-late 0
done
echo "PASS"
