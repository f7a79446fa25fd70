#!/usr/bin/env bash
# kafka-pub / kafka-sub usage errors and help, no broker needed: exit 2 with a message naming the
# problem; --help and --version exit 0.
set -uo pipefail
bin=${TWEETMAP_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/build/bin}
fails=0
expect() {  # expect STATUS PATTERN CMD...: exit status and a stderr/stdout line matching PATTERN
  local want=$1 pat=$2; shift 2
  local out rc
  out=$("$@" </dev/null 2>&1); rc=$?
  if [ "$rc" -ne "$want" ] || ! grep -q -- "$pat" <<<"$out"; then
    echo "FAIL: $* -> exit $rc (want $want), output: $out"
    fails=$((fails + 1))
  fi
}
expect 2 "unknown property 'no.such.prop' (-X)" "$bin/kafka-pub" -t t -X no.such.prop=1
expect 2 "unknown property 'bogus' (-X)" "$bin/kafka-sub" -t t -X bogus=1
expect 2 "expects name=value" "$bin/kafka-pub" -t t -X acks
expect 2 "excludes" "$bin/kafka-pub" -t t -K : -k x
expect 2 "topic" "$bin/kafka-pub"
expect 2 "-o 'later'" "$bin/kafka-sub" -t t -o later
expect 2 "-o stored needs a consumer group" "$bin/kafka-sub" -t t -o stored
expect 2 "-p cannot be combined with -G" "$bin/kafka-sub" -t t -G g -p 0
expect 2 "cannot read" "$bin/kafka-pub" -t t -F /nonexistent/client.properties
expect 2 "empty header name" "$bin/kafka-pub" -t t -H =v
expect 0 "--key-field" "$bin/kafka-pub" --help
expect 0 "--json" "$bin/kafka-sub" --help
expect 0 "librdkafka" "$bin/kafka-pub" --version
# A secret on argv gets a warning (and is never echoed).
out=$("$bin/kafka-pub" -t t -X sasl.password=hunter2 -X no.such=1 2>&1)
grep -q "sasl.password on the command line is visible" <<<"$out" || { echo "FAIL: no argv secret warning: $out"; fails=$((fails + 1)); }
grep -q hunter2 <<<"$out" && { echo "FAIL: secret echoed: $out"; fails=$((fails + 1)); }
[ "$fails" -eq 0 ] && echo "kafka usage: ok"
[ "$fails" -eq 0 ]
