#!/usr/bin/env bash
# Scale-out: two map nodes, each its own `kafka-sub | tweet-trends | sse-serve` (the exact
# pipeline of scripts/systemd/tweetmap-map@.service), fed from one topic with three partitions
# on a real broker. Two SSE clients on each node must each see every record produced, once,
# with no gap in the event sequence; then both nodes stop cleanly on SIGTERM.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d)
# shellcheck source=tests/integration/service_lib.sh
. "$root/tests/integration/service_lib.sh"
export KAFKA_DEV_DIR="$work/broker"
pgs=()
cleanup() {
  for pg in "${pgs[@]}"; do kill -KILL -- "-$pg" 2>/dev/null || true; done
  "$root/scripts/kafka-dev" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 143" TERM INT
for t in kafka-pub kafka-sub tweet-trends sse-serve; do
  [ -x "$bin/$t" ] || fail "$bin/$t not built"
done
[ -x "$client_bin" ] || fail "$client_bin not built (scripts/build)"
n=20000

step "broker, topic with 3 partitions"
B=$("$root/scripts/kafka-dev" start 2>"$work/kafka-dev.log" | tail -n1) ||
  fail "broker did not start: $(tail -n 5 "$work/kafka-dev.log")"
export KAFKA_BROKERS=$B
"$root/scripts/kafka-dev" topic map 3 >/dev/null 2>&1 || fail "topic not created"

step "two map nodes running the unit's pipeline"
cmd=$(unit_command "$root/scripts/systemd/tweetmap-map@.service")
unit_environment "$root/scripts/systemd/tweetmap-map@.service"
[ -n "$cmd" ] || fail "no ExecStart pipeline found in tweetmap-map@.service"
mkdir -p "$work/cred" "$work/web"
: >"$work/cred/kafka.properties"
echo '<!doctype html><title>map</title>' >"$work/web/index.html"
cmd=${cmd//\/usr\/local\/share\/tweetmap\/web/$work/web}
urls=()
set -m
for node in a b; do
  port=$(free_port)
  KAFKA_TOPIC=map SSE_LISTEN=127.0.0.1:$port CREDENTIALS_DIRECTORY=$work/cred \
    KAFKA_SUB_ARGS="" TWEET_TRENDS_ARGS="" SSE_SERVE_ARGS="--history 50000" \
    sh -c "$cmd" 2>"$work/node-$node.err" &
  pgs+=($!)
  urls+=("http://127.0.0.1:$port")
done
set +m
for u in "${urls[@]}"; do
  wait_for 30 http_ok "$u/healthz" || fail "node $u not up: $(tail -n 5 "$work"/node-*.err)"
done

# Each kafka-sub starts at the end of the topic: probe until both nodes have taken a line in.
step "waiting until both kafka-sub are positioned"
position_nodes map 3 "${urls[@]}" ||
  fail "the nodes never received the probe records (metrics: $(curl -s "${urls[0]}/metrics" | grep events_in))"

step "4 clients (2 per node), then $n records at 2,500/s"
mkdir -p "$work/ids"
"$client_bin" --url "${urls[0]}/events" --url "${urls[1]}/events" --clients 4 --keep-ids 4 \
  --expect $n --duration 90 --ids-dir "$work/ids" --ready "$work/ready" \
  --report "$work/report.json" &
client=$!
wait_for 20 test -f "$work/ready" || fail "clients did not connect"
"$bin/tweet-stream" synth --rate 2500 -n $n | tee "$work/in.jsonl" |
  "$bin/kafka-pub" -t map --key-field id --preset live || fail "tweet-stream | kafka-pub failed"
sed 's/^{"id":"\([0-9]*\)".*/\1/' "$work/in.jsonl" | sort >"$work/in.ids"
[ "$(wc -l <"$work/in.ids")" = $n ] || fail "the source wrote $(wc -l <"$work/in.ids") records, not $n"
wait "$client" || fail "client exited with $?"
jq -c '{tweets, min_tweets_per_client, seq_gaps, missed, duplicates, latency_ms}' "$work/report.json"
for u in "${urls[@]}"; do echo "$u: $(curl -s "$u/metrics" | grep -E '^sse_(events_in|events_dropped|lag_events)_total' | tr '\n' ' ')"; done
jq -c '.per_client[]' "$work/report.json"
for k in 0 1 2 3; do
  f=$work/ids/client-$k.ids
  node=$((k % 2))
  got=$(wc -l <"$f")
  missing=$(comm -23 "$work/in.ids" "$f" | wc -l)
  [ "$missing" = 0 ] || fail "client $k on node $node missed $missing of $n records (got $got distinct)"
done
[ "$(jq '.duplicates' "$work/report.json")" = 0 ] || fail "duplicates at the clients: $(jq -c .per_client "$work/report.json")"
[ "$(jq '.seq_gaps' "$work/report.json")" = 0 ] || fail "gaps in the event sequence: $(jq -c .per_client "$work/report.json")"

step "SIGTERM stops both nodes cleanly"
for pg in "${pgs[@]}"; do kill -TERM -- "-$pg"; done
for pg in "${pgs[@]}"; do
  wait_for 20 bash -c "! kill -0 -- -$pg 2>/dev/null" || fail "node group $pg still running 20 s after SIGTERM"
done
pgs=()
grep -h 'error:' "$work"/node-*.err && fail "errors on a node's stderr"
echo "ok: two nodes, 4 clients, every one of $n records at each client"
