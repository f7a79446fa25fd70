# Helpers shared by tests/cli/tweet_stream_*_test.sh (sourced, not a test itself).
# shellcheck disable=SC2034  # TS, DATA, ... are for the tests that source this file
set -uo pipefail
: "${TWEETMAP_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${TWEETMAP_BIN:=$TWEETMAP_ROOT/build/bin}"
TS="$TWEETMAP_BIN/tweet-stream"
DATA="$TWEETMAP_ROOT/tests/data/tweet-stream"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
# check NAME CONDITION...: runs the condition; reports.
check() { local name=$1; shift; if "$@" >/dev/null; then ok "$name"; else fail "$name"; fi; }
# same_file NAME EXPECTED ACTUAL: byte comparison with a diff on failure.
same_file() {
  if cmp -s "$2" "$3"; then ok "$1"; else fail "$1"; diff <(head -c 4000 "$2") <(head -c 4000 "$3") | head -20 >&2; fi
}
# parallel_same FILE COPIES RECORDS: FILE repeated COPIES times replays to RECORDS records, and
# the parallel path (-j 2: blocks of whole lines on several workers) writes what -j 1 writes.
parallel_same() {
  local i
  for ((i = 0; i < $2; i++)); do cat "$1"; done >"$TMP/big.jsonl"
  "$TS" -q replay -j 1 "$TMP/big.jsonl" >"$TMP/one" 2>/dev/null
  "$TS" -q replay -j 2 "$TMP/big.jsonl" >"$TMP/two" 2>/dev/null
  check "$2 copies give $3 records" [ "$(wc -l <"$TMP/one")" -eq "$3" ]
  same_file "-j 2 writes what -j 1 writes" "$TMP/one" "$TMP/two"
}
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
# man_lint SCD: builds the page (scripts/scdoc-man) and runs mandoc -T lint on it; any finding
# worse than a style note fails.
man_lint() {
  local name; name=$(basename "$1" .scd)
  if ! "$TWEETMAP_ROOT/scripts/scdoc-man" "$1" "$TMP/$name"; then fail "scdoc: $name"; return; fi
  mandoc -T lint "$TMP/$name" >"$TMP/lint" 2>&1
  if grep -v ': STYLE: ' "$TMP/lint" | grep -q .; then
    fail "mandoc -T lint $name: $(grep -v ': STYLE: ' "$TMP/lint")"
  else ok "mandoc -T lint $name: style notes at most"; fi
}
# man_examples SCD: the commands of the page's EXAMPLES section (the lines of its ``` blocks).
man_examples() {
  awk '/^# EXAMPLES/ {on = 1; next} /^# / {on = 0} on' "$1" | awk '/^```/ {inb = !inb; next} inb'
}
