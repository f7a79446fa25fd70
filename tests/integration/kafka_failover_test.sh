#!/usr/bin/env bash
# Three-node KRaft cluster, replication 3, min.insync.replicas=2: one broker is killed with
# SIGKILL in the middle of a 1,000,000-record stream; the consumer must read every id exactly
# once (idempotent producer: no duplicates, nothing lost).
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/integration/kafka_lib.sh
. "$root/tests/integration/kafka_lib.sh"  # bin, work, pids, fail, wait_for
WAIT_FOR_POLL=0.2
delivered_at_least() {  # the last --stats line of kafka-pub shows >= $1 delivered
  local d
  d=$(grep -o 'delivered [0-9]*' "$work/pub.err" 2>/dev/null | tail -n1 | cut -d' ' -f2)
  [ "${d:-0}" -ge "$1" ]
}

n=1000000
B=$("$root/scripts/kafka-dev" start --nodes 3 | tail -n1)
echo "cluster at $B"
export KAFKA_BROKERS=$B
"$root/scripts/kafka-dev" topic failover 3 >/dev/null
kcat -L -b "$B" -t failover | grep -q 'partition 0, leader [0-9], replicas: [0-9],[0-9],[0-9]' ||
  fail "topic is not replicated 3 times: $(kcat -L -b "$B" -t failover)"

python3 "$root/tests/bench/gen_records.py" "$n" >"$work/in.jsonl"
"$bin/kafka-pub" -t failover --key-field id --stats 0.5 --flush-timeout 120 \
  "$work/in.jsonl" 2>"$work/pub.err" &
pub=$!
pids+=("$pub")
wait_for 300 delivered_at_least $((n / 4)) || fail "no progress: $(tail -n 3 "$work/pub.err")"
"$root/scripts/kafka-dev" kill-node 2
echo "killed node 2 at: $(grep -o 'delivered [0-9]*' "$work/pub.err" | tail -n1)"
wait "$pub" || fail "kafka-pub failed: $(grep -v stats: "$work/pub.err" | tail -n 5)"
grep -q "delivered $n failed 0" "$work/pub.err" || fail "not all delivered: $(tail -n1 "$work/pub.err")"

"$bin/kafka-sub" -t failover -e >"$work/out.jsonl"
python3 "$root/tests/integration/kafka_check.py" ids "$work/in.jsonl" "$work/out.jsonl" --exact
echo "kafka failover: passed"
