# Helpers for the tests against a real broker started with scripts/kafka-dev (kafka_test.sh,
# kafka_failover_test.sh). Source it after setting root (the repo): sets bin, work (a temp dir)
# and KAFKA_DEV_DIR (the broker's files, in work); add the pid of every process a test starts to
# pids: on exit they are killed, the broker stopped and work removed.
# shellcheck disable=SC2034  # bin is for the tests that source this file
bin=${TWEETMAP_BIN:-$root/build/bin}
work=$(mktemp -d)
export KAFKA_DEV_DIR="$work/broker"
pids=()
kafka_cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  "$root/scripts/kafka-dev" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap kafka_cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"  # wait_for, free_port, now_ms
