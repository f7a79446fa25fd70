#!/usr/bin/env bash
# tweet-trends: every JSON line passes through unchanged and in order (posts, other events,
# upstream trends lines); bad lines are dropped, counted and reported; usage errors exit 2; a
# closed pipe ends quietly; a full disk is an error.
# shellcheck source=tests/cli/tweet_trends_common.sh
source "$(dirname "$0")/tweet_trends_common.sh"

# Pass-through: removing the snapshots the tool added gives the input back, byte for byte.
{
  head -n 300 "$data/trends_input.jsonl"
  echo '{"type":"trends","ts":1,"scopes":[]}'
  echo '{"delete":{"status":{"id":1}}}'
  echo '{"type":"limit","track":5}'
  sed -n '301,$p' "$data/trends_input.jsonl"
} >"$tmp/in"
"$bin" --interval 10 --window 60 "$tmp/in" >"$tmp/out" 2>"$tmp/err"
added=$(grep -c '"type":"trends","ts":1700' "$tmp/out" || true)
[ "$added" -gt 10 ] || fail "expected snapshots in the output, got $added"
grep -v '"type":"trends","ts":1700' "$tmp/out" | cmp -s - "$tmp/in" || fail "input lines changed"
grep -q 'records without a time' "$tmp/err" || fail "the record without ts was not reported"

# Bad input: malformed and blank lines are dropped and reported once with a line number.
{
  head -n 5 "$data/trends_input.jsonl"
  echo '{"id":"1","ts":1700000000000,"tags":["a"'   # truncated
  echo ''
  printf '{"id":"2","ts":1700000000000,"text":"\xff\xfe"}\n'   # invalid UTF-8
  echo 'not json'
  sed -n '6,20p' "$data/trends_input.jsonl"
} >"$tmp/bad"
"$bin" "$tmp/bad" >"$tmp/out" 2>"$tmp/err" || fail "bad lines made it exit $?"
grep -q "bad:6: malformed" "$tmp/err" || { cat "$tmp/err" >&2; fail "first malformed line not reported with its number"; }
grep -q "3 malformed lines skipped" "$tmp/err" || { cat "$tmp/err" >&2; fail "malformed count"; }
[ "$(grep -vc '"type":"trends"' "$tmp/out")" -eq 20 ] || fail "expected the 20 good lines through"
jq -e . "$tmp/out" >/dev/null || fail "output is not valid JSON lines"

# Late records: more than --lateness behind the newest are not counted, and reported.
{
  echo '{"id":"1","ts":1700000100000,"tags":["x"]}'
  echo '{"id":"2","ts":1700000200000,"tags":["x"]}'
  echo '{"id":"3","ts":1700000100000,"tags":["x"]}'
} | "$bin" --lateness 5 >"$tmp/out" 2>"$tmp/err"
grep -q "<stdin>:3\|stdin:3: record more than the allowed lateness" "$tmp/err" ||
  { cat "$tmp/err" >&2; fail "late record not reported"; }
grep -q "1 late records not counted" "$tmp/err" || fail "late count"
[ "$(grep -vc '"type":"trends"' "$tmp/out")" -eq 3 ] || fail "late record not passed through"

# Usage errors exit 2 with one line naming the problem.
expect_usage() {
  set +e
  "$bin" "$@" </dev/null >/dev/null 2>"$tmp/err"
  local rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "'$*' exited $rc, expected 2"
  grep -q '^tweet-trends: error:' "$tmp/err" || fail "'$*': no error line"
}
expect_usage --window 15
expect_usage --interval 0
expect_usage --terms bogus
expect_usage --scopes global,moon
expect_usage --cell-precision 13
expect_usage --baseline 60
expect_usage --no-such-option

# A missing file is a runtime error (exit 1).
set +e
"$bin" "$tmp/does-not-exist" >/dev/null 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "missing file exited $rc, expected 1"

# A closed pipe ends it quietly with 0; a full disk is exit 1.
set +e
"$bin" "$data/trends_input.jsonl" 2>"$tmp/err" | head -n 1 >/dev/null
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || fail "closed pipe exited $rc"
[ ! -s "$tmp/err" ] || fail "closed pipe printed: $(cat "$tmp/err")"
if [ -w /dev/full ]; then
  set +e
  "$bin" "$data/trends_input.jsonl" >/dev/full 2>"$tmp/err"
  rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "/dev/full exited $rc, expected 1"
fi
# --help and --version.
"$bin" --help | grep -q -- '--window' || fail "--help lacks --window"
"$bin" --version | grep -q simdjson || fail "--version lacks library versions"
echo "ok: pass-through, bad input, late data, usage errors, pipes"
