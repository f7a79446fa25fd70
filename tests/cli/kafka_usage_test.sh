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
expect 2 "--merge cannot be combined with -G" "$bin/kafka-sub" -t t -G g --merge
expect 2 "--merge cannot be combined with -G" "$bin/kafka-sub" -t t -G g --merge-field ts
expect 2 "-p cannot be combined with -G" "$bin/kafka-sub" -t t -G g -p 0
expect 2 "cannot read" "$bin/kafka-pub" -t t -F /nonexistent/client.properties
expect 2 "empty header name" "$bin/kafka-pub" -t t -H =v
# A negative partition: a short message, not CLI11's 309-digit upper bound.
expect 2 "partition: Value -1 is less than 0" "$bin/kafka-pub" -t t -p -1
out=$("$bin/kafka-pub" -t t -p -1 2>&1)
[ "${#out}" -lt 200 ] || { echo "FAIL: -p -1 message is ${#out} bytes: $out"; fails=$((fails + 1)); }
# A property librdkafka refuses is a usage error (exit 2), found before any broker is asked.
expect 2 "acks" "$bin/kafka-pub" -t t -X acks=0 --timeout 1
# Bad topic names: refused at once, the name shown escaped and cut (no raw newline, no 100 KB).
expect 2 'bad topic name "a.x0ab"' "$bin/kafka-pub" -t "$(printf 'a\nb')"
expect 2 'bad topic name "bad topic"' "$bin/kafka-sub" -t "bad topic" -e
expect 2 "bad topic name" "$bin/kafka-sub" -t ok -t ".."
long=$(head -c 100000 /dev/zero | tr '\0' x)
out=$("$bin/kafka-sub" -t "$long" -e 2>&1); rc=$?
{ [ "$rc" -eq 2 ] && [ "${#out}" -lt 400 ] && [ "$(wc -l <<<"$out")" -le 2 ]; } ||
  { echo "FAIL: 100 KB topic name -> exit $rc, ${#out} bytes of message"; fails=$((fails + 1)); }
out=$("$bin/kafka-pub" -t "$(printf 'x\ny')" 2>&1)
[ "$(grep -c . <<<"$out")" -eq 1 ] || { echo "FAIL: topic name with a newline echoed raw: $out"; fails=$((fails + 1)); }
expect 0 "--key-field" "$bin/kafka-pub" --help
expect 0 "--json" "$bin/kafka-sub" --help
expect 0 "librdkafka" "$bin/kafka-pub" --version
# A secret on argv gets a warning (and is never echoed).
out=$("$bin/kafka-pub" -t t -X sasl.password=hunter2 -X no.such=1 2>&1)
grep -q "sasl.password on the command line is visible" <<<"$out" || { echo "FAIL: no argv secret warning: $out"; fails=$((fails + 1)); }
grep -q hunter2 <<<"$out" && { echo "FAIL: secret echoed: $out"; fails=$((fails + 1)); }
[ "$fails" -eq 0 ] && echo "kafka usage: ok"
[ "$fails" -eq 0 ]
