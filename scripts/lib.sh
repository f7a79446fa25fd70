# shellcheck shell=bash
# Helpers shared by scripts/ and tests/ (source it: . "$root/scripts/lib.sh").

# free_ports N: N distinct TCP ports on 127.0.0.1 that nothing listens on right now, on one line
# (all bound at once, so no two are the same).
free_ports() {
  python3 -c 'import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() { free_ports 1; }

# wait_for TIMEOUT_S CMD...: polls CMD (every $WAIT_FOR_POLL s, default 0.1) until it succeeds;
# returns 1 when TIMEOUT_S pass first.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep "${WAIT_FOR_POLL:-0.1}"
  done
}

# now_ms: wall-clock milliseconds.
now_ms() { date +%s%3N; }

# listening_port LOG [TIMEOUT_S]: the port of the "listening on http://127.0.0.1:PORT/" line a
# server (sse-serve --listen 127.0.0.1:0) writes to LOG, waiting up to TIMEOUT_S (default 10) for
# it; prints nothing and returns 1 when it does not come.
listening_port() {
  local log=$1 port=""
  _listening_port_seen() {
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" | head -n1)
    [ -n "$port" ]
  }
  WAIT_FOR_POLL=0.05 wait_for "${2:-10}" _listening_port_seen || return 1
  echo "$port"
}

# sse_drained_metrics PORT [TIMEOUT_S]: the /metrics text of the sse-serve on 127.0.0.1:PORT once
# it has read its input to the end (sse_input_open 0), waiting up to TIMEOUT_S (default 10); the
# last text it got when that does not come.
sse_drained_metrics() {
  local port=$1 metrics=""
  _sse_drained() {
    metrics=$(curl -s "http://127.0.0.1:$port/metrics")
    grep -q '^sse_input_open 0' <<<"$metrics"
  }
  WAIT_FOR_POLL=0.05 wait_for "${2:-10}" _sse_drained || true
  printf '%s\n' "$metrics"
}
