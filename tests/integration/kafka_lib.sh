# shellcheck shell=bash
# Setup shared by the integration tests that start their own broker (scripts/kafka-dev): a work
# folder holding the broker's state, a cleanup on exit (the pids in `pids` killed, the broker
# stopped, the folder removed), fail/step and the line-count waits. Source it after setting root;
# sets bin, work and pids, and exports KAFKA_DEV_DIR.
# shellcheck disable=SC2034  # bin and pids are for the scripts that source it
: "${bin:=${TWEETMAP_BIN:-$root/build/bin}}"
work=$(mktemp -d)
export KAFKA_DEV_DIR="$work/broker"
pids=()
kafka_test_cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  "$root/scripts/kafka-dev" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap kafka_test_cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"  # wait_for, free_port, now_ms
lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }
