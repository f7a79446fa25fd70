#!/usr/bin/env bash
# kafka-pub / kafka-sub against one real single-node Apache Kafka broker (scripts/kafka-dev),
# shared by every case here: 100,000-record round trip, kcat interop both ways, -G resume after
# SIGKILL, -o @TIMESTAMP, bad input policy, broker down at start, broker restart mid-stream.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
gen="$root/tests/bench/gen_records.py"
check="$root/tests/integration/kafka_check.py"
# shellcheck source=tests/integration/kafka_lib.sh
. "$root/tests/integration/kafka_lib.sh"  # bin, work, pids, fail, step, lines, has_lines, wait_for
clock_past() { [ "$(now_ms)" -gt "$1" ]; }

B=$("$root/scripts/kafka-dev" start | tail -n1)
echo "broker at $B"
export KAFKA_BROKERS=$B
python3 "$gen" 100000 >"$work/in.jsonl"

step "round trip of 100,000 records: lines, keys, headers, order per key"
"$bin/kafka-pub" -t rt --key-field id -H origin=test -H v=1 "$work/in.jsonl"
"$bin/kafka-sub" -t rt -e -J >"$work/rt.json"
python3 "$check" envelope "$work/in.jsonl" "$work/rt.json" --header origin=test --header v=1
"$bin/kafka-sub" -t rt -e >"$work/rt.txt"
cmp <(sort "$work/rt.txt") <(sort "$work/in.jsonl") || fail "plain output differs from the input"

step "interop: kafka-pub -> kcat -C"
head -n 1000 "$work/in.jsonl" | "$bin/kafka-pub" -t interop1 -K '\t' -k ignored 2>/dev/null &&
  fail "-K and -k together must be a usage error" || true
head -n 1000 "$work/in.jsonl" | sed 's/^{"id":"\([0-9]*\)"/\1\t&/' >"$work/keyed.tsv"
"$bin/kafka-pub" -t interop1 -K '\t' -H h=1 "$work/keyed.tsv"
kcat -C -b "$B" -t interop1 -e -q -f '%k\t%h\t%s\n' >"$work/kcat.out"
cmp <(sed 's/\t/\th=1\t/' "$work/keyed.tsv" | sort) <(sort "$work/kcat.out") ||
  fail "kcat does not see our keys/headers/values"

step "interop: kcat -P -> kafka-sub"
kcat -P -b "$B" -t interop2 -K $'\t' <"$work/keyed.tsv"
"$bin/kafka-sub" -t interop2 -e -K '\t' >"$work/sub.out"
cmp <(sort "$work/keyed.tsv") <(sort "$work/sub.out") || fail "kafka-sub misreads kcat's messages"

step "keys: each message goes to the partition kcat -P puts its key in (batched produce)"
head -n 1000 "$work/in.jsonl" | "$bin/kafka-pub" -t part1 --key-field id
"$bin/kafka-pub" -t part2 -K '\t' "$work/keyed.tsv"
kcat -P -b "$B" -t part3 -K $'\t' <"$work/keyed.tsv"
partitions() { kcat -C -b "$B" -t "$1" -e -q -f '%k %p\n' | sort; }
cmp <(partitions part1) <(partitions part3) || fail "--key-field keys are partitioned otherwise than by kcat"
cmp <(partitions part2) <(partitions part3) || fail "-K keys are partitioned otherwise than by kcat"
[ "$(partitions part1 | cut -d' ' -f2 | sort -u | wc -l)" -eq 3 ] ||
  fail "1,000 keys did not spread over the 3 partitions"

step "-G resume after SIGKILL: no gaps, duplicates counted"
mkfifo "$work/fifo"
# A slow reader keeps kafka-sub mid-stream; it drains the pipe after the kill.
python3 -c '
import sys, time
n = 0
with open(sys.argv[1], "rb") as f, open(sys.argv[2], "wb", buffering=0) as out:
    for line in f:
        out.write(line); n += 1
        if n % 1000 == 0: time.sleep(0.05)
' "$work/fifo" "$work/g1.out" &
reader=$!
pids+=("$reader")
"$bin/kafka-sub" -t rt -G resume -e >"$work/fifo" &
sub=$!
pids+=("$sub")
wait_for 60 has_lines "$work/g1.out" 20000 || fail "group consumer did not start"
kill -KILL "$sub"
wait "$reader" || true
first=$(lines "$work/g1.out")
[ "$first" -lt 100000 ] || fail "the consumer was not killed midway ($first lines)"
"$bin/kafka-sub" -t rt -G resume -e >"$work/g2.out"
echo "before the kill: $first lines; after the restart: $(lines "$work/g2.out") lines"
# SIGKILL can land in the middle of a write: the killed consumer's last line may be cut
# short (a pipe write over PIPE_BUF is not atomic). Only that one line may be partial; the
# restarted consumer reads it again from the committed offset.
if [ -n "$(tail -c 1 "$work/g1.out")" ]; then
  echo "the killed consumer's last line was cut short; it is dropped"
  head -c "$(($(wc -c <"$work/g1.out") - $(tail -n 1 "$work/g1.out" | wc -c)))" "$work/g1.out" >"$work/g1.whole"
  mv "$work/g1.whole" "$work/g1.out"
fi
cat "$work/g1.out" "$work/g2.out" >"$work/g.out"
python3 "$check" ids "$work/in.jsonl" "$work/g.out"

step "-o @TIMESTAMP"
head -n 500 "$work/in.jsonl" | "$bin/kafka-pub" -t ts --key-field id
t=$(now_ms)
wait_for 5 clock_past "$t"
sed -n '501,800p' "$work/in.jsonl" >"$work/late.jsonl"
"$bin/kafka-pub" -t ts --key-field id "$work/late.jsonl"
"$bin/kafka-sub" -t ts -o "@$t" -e >"$work/ts.out"
cmp <(sort "$work/ts.out") <(sort "$work/late.jsonl") ||
  fail "-o @$t gave $(lines "$work/ts.out") lines, want the 300 produced after it"
"$bin/kafka-sub" -t ts -o -2 -e | wc -l | grep -qx 6 || fail "-o -2 on 3 partitions != 6 lines"

step "bad input: skipped and counted; --strict fails"
big=$(head -c 1100000 /dev/zero | tr '\0' x)
printf '%s\n\n{"x":1}\n%s\n%s\n' "$(sed -n 1p "$work/in.jsonl")" "{\"id\":\"$big\"}" \
  "$(sed -n 2p "$work/in.jsonl")" >"$work/bad.jsonl"
"$bin/kafka-pub" -t bad --key-field id "$work/bad.jsonl" 2>"$work/bad.err" ||
  fail "bad lines must be skipped, not fail the run: $(cat "$work/bad.err")"
grep -q 'skipped 3 of 5 lines (1 empty, 1 too large, 1 without key, 0 malformed)' "$work/bad.err" ||
  fail "wrong bad-input summary: $(cat "$work/bad.err")"
"$bin/kafka-sub" -t bad -e | wc -l | grep -qx 2 || fail "the 2 good lines were not produced"
set +e
"$bin/kafka-pub" -t bad --key-field id --strict "$work/bad.jsonl" 2>"$work/strict.err"
rc=$?
set -e
[ $rc -eq 1 ] || fail "--strict on bad input: exit $rc, want 1"
grep -q 'bad.jsonl:2: empty line (--strict)' "$work/strict.err" || fail "$(cat "$work/strict.err")"

step "an invalid topic name: one line, exit 2, before reading input"
t0=$SECONDS
set +e
"$bin/kafka-pub" -t 'no such/topic' --key-field id "$work/in.jsonl" 2>"$work/topic.err"
rc=$?
set -e
[ $rc -eq 2 ] || fail "invalid topic: exit $rc, want 2"
[ $((SECONDS - t0)) -lt 10 ] || fail "invalid topic: waited for --timeout"
[ "$(wc -l <"$work/topic.err")" -eq 1 ] && grep -q 'bad topic name "no such/topic"' "$work/topic.err" ||
  fail "unclear message: $(cat "$work/topic.err")"

step "SIGTERM while an endless over-long line is skipped (/dev/zero): exit 130 within 5 s"
"$bin/kafka-pub" -t zero - </dev/zero 2>"$work/zero.err" &
zpid=$!
pids+=("$zpid")
rchar() { awk '/^rchar/ {print $2}' "/proc/$1/io" 2>/dev/null || echo 0; }
read_50mb() { [ "$(rchar "$zpid")" -gt 50000000 ]; }
wait_for 30 read_50mb || fail "kafka-pub did not read /dev/zero: $(cat "$work/zero.err")"
kill -TERM "$zpid"
gone() { ! kill -0 "$zpid" 2>/dev/null; }
wait_for 5 gone || fail "kafka-pub still running 5 s after SIGTERM on /dev/zero"
set +e
wait "$zpid"
rc=$?
set -e
[ $rc -eq 130 ] || fail "kafka-pub on /dev/zero: SIGTERM gave exit $rc, want 130"

step "SIGTERM: kafka-pub flushes what it read and exits 130"
mkfifo "$work/pubin"
"$bin/kafka-pub" -t sig --key-field id --preset live <"$work/pubin" 2>"$work/sig.err" &
pub=$!
pids+=("$pub")
exec 7>"$work/pubin"
head -n 1000 "$work/in.jsonl" >&7
wait_for 30 bash -c "[ \$(kcat -C -b $B -t sig -e -q 2>/dev/null | wc -l) -ge 1 ]" ||
  fail "nothing produced from the pipe"
kill -TERM "$pub"
set +e
wait "$pub"
rc=$?
set -e
exec 7>&-
[ $rc -eq 130 ] || fail "kafka-pub after SIGTERM: exit $rc, want 130 ($(cat "$work/sig.err"))"
"$bin/kafka-sub" -t sig -e | wc -l | grep -qx 1000 || fail "lines lost at SIGTERM"

step "broker restart mid-stream: nothing lost"
mkfifo "$work/restart"
"$bin/kafka-pub" -t restart --key-field id --stats 0.5 --flush-timeout 120 \
  <"$work/restart" 2>"$work/restart.err" &
pub=$!
pids+=("$pub")
python3 -c '
import sys, time
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for n, line in enumerate(f, 1):
        out.write(line)
        if n % 1000 == 0:
            out.flush(); time.sleep(0.05)
' "$work/in.jsonl" "$work/restart" &
writer=$!
pids+=("$writer")
wait_for 60 grep -q 'delivered [1-9][0-9]\{4\}' "$work/restart.err" || fail "no progress before restart"
"$root/scripts/kafka-dev" stop-node 1
"$root/scripts/kafka-dev" start-node 1
wait "$writer" || fail "the writer failed"
wait "$pub" || fail "kafka-pub failed across the restart: $(tail -n 3 "$work/restart.err")"
"$bin/kafka-sub" -t restart -e >"$work/restart.out"
python3 "$check" ids "$work/in.jsonl" "$work/restart.out" --exact

step "broker down at start: kafka-pub retries until --timeout, exit 1"
port=$(free_port)
t0=$SECONDS
set +e
echo '{"id":"1"}' | "$bin/kafka-pub" -b "127.0.0.1:$port" -t x --timeout 3 2>"$work/down.err"
rc=$?
set -e
[ $rc -eq 1 ] || fail "broker down: exit $rc, want 1"
[ $((SECONDS - t0)) -ge 2 ] || fail "gave up before --timeout"
grep -q "cannot reach Kafka at 127.0.0.1:$port within 3 s" "$work/down.err" ||
  fail "unclear message: $(cat "$work/down.err")"

echo "kafka integration: all cases passed"
