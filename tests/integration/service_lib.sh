# Helpers for the service tests (service_two_nodes_test.sh, chaos_test.sh) and scripts/chaos.
# Source it after setting root (the repo) and work (a temp dir). Sets bin and client_bin.
# shellcheck disable=SC2034  # bin, bench_bin and client_bin are for the scripts that source it
: "${bin:=${TWEETMAP_BIN:-$root/build/bin}}"
: "${bench_bin:=${BUILD_DIR:-$root/build}/bench}"
client_bin=$bench_bin/sse-bench-client

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"  # wait_for, free_port, now_ms
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }
# metric URL NAME: the value of one Prometheus metric (0 when absent).
metric() {
  curl -fsS --max-time 2 "$1/metrics" 2>/dev/null | awk -v n="$2" '$1 == n {print $2; f=1} END {if (!f) print 0}'
}

# unit_command UNIT_FILE: the pipeline a unit's ExecStart runs (the body of its sh -c), with
# systemd's escapes undone ($$ -> $, %% -> %) and /usr/local/bin replaced by $bin, so tests run
# exactly what systemd would.
unit_command() {
  sed -n "s|^ExecStart=/bin/sh -c '\\(.*\\)'\$|\\1|p" "$1" |
    sed -e 's/\$\$/$/g' -e 's/%%/%/g' -e "s|/usr/local/bin/|$bin/|g"
}

# unit_environment UNIT_FILE: exports the unit's own Environment=NAME=VALUE defaults, as systemd
# sets them for ExecStart.
unit_environment() {
  local k v
  while IFS='=' read -r k v; do
    [ -n "$k" ] && export "$k=$v"
  done < <(sed -n 's/^Environment=//p' "$1")
}

# vmhwm PID: the process's peak resident set (VmHWM) in KiB, or empty when it is gone.
vmhwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }

# position_nodes TOPIC PARTITIONS URL...: returns once every map node behind URL... has taken in a
# probe record from every partition after this call began, so each node's kafka-sub (started at
# the end of the topic) is positioned on all partitions. Probes: one record per partition.
position_nodes() {
  local topic=$1 parts=$2; shift 2
  local round=0 u p ok
  declare -A before
  while [ $round -lt 60 ]; do
    round=$((round + 1))
    for u in "$@"; do before[$u]=$(metric "$u" sse_events_in_total); done
    for ((p = 0; p < parts; p++)); do
      python3 "$root/tests/bench/gen_records.py" 1 --start $((round * 10 + p)) --ts "$(now_ms)" |
        "$bin/kafka-pub" -t "$topic" -p "$p" -q
    done
    for _ in $(seq 20); do
      ok=1
      for u in "$@"; do
        [ "$(metric "$u" sse_events_in_total)" -ge $((before[$u] + parts)) ] || ok=0
      done
      [ $ok = 1 ] && return 0
      sleep 0.1
    done
  done
  return 1
}
