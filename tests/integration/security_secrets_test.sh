#!/usr/bin/env bash
# Secrets in the process environment (docs/SECURITY.md): X_BEARER_TOKEN stays in tweet-stream's
# environment, which Linux shows in /proc/<pid>/environ to the same user and root only (mode
# 0400); with --bearer-token-file the token is in neither the environment nor argv, nor on stderr
# at the highest verbosity. (argv, stderr, 401 and "no --bearer-token option" are covered by
# tests/integration/tweet_stream_x_auth_test.sh; Kafka secrets by tests/cli/kafka_usage_test.sh.)
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"
[ -e "$TWEETMAP_ROOT/lib/x/source.cpp" ] || { echo "skipped: no tweet-stream x in this tree"; exit 0; }
[ -x "$TS" ] || fail "$TS not built"
token="$X_BEARER_TOKEN"
checks=0
pass() { echo "ok: $*"; checks=$((checks + 1)); }
has_output() { test -s "$WORK/out"; }

jq -n --arg p1 "$(post_line 1790000000000000001 first)" \
  '{token: env.X_BEARER_TOKEN, stream: [], then: {status: 200, events: [{line: $p1}, {hold: true}]}}' \
  >"$WORK/scenario.json"
fakex_start "$WORK/scenario.json"

# 1. From the environment: /proc/<pid>/environ holds it, readable by the owner only.
"$TS" x --api-base "$FAKEX_URL" >"$WORK/out" 2>"$WORK/err" &
TOOL_PID=$!
wait_for 15 has_output || fail "no record from tweet-stream x within 15 s"
grep -aqF -- "$token" "/proc/$TOOL_PID/environ" || fail "test setup: X_BEARER_TOKEN not in the environment"
mode=$(stat -L -c %a "/proc/$TOOL_PID/environ")
[ "$mode" = 400 ] || fail "/proc/<pid>/environ has mode $mode, expected 400 (owner only)"
pass "/proc/<pid>/environ (which holds X_BEARER_TOKEN) is readable by its owner only"
kill -TERM "$TOOL_PID"; wait "$TOOL_PID" 2>/dev/null; TOOL_PID=""

# 2. From --bearer-token-file: in neither environ nor cmdline nor stderr (-v -v -v).
printf '%s\n' "$token" >"$WORK/token"
chmod 600 "$WORK/token"
: >"$WORK/out"
env -u X_BEARER_TOKEN "$TS" x --api-base "$FAKEX_URL" --bearer-token-file "$WORK/token" -v -v -v \
  >"$WORK/out" 2>"$WORK/err" &
TOOL_PID=$!
wait_for 15 has_output || fail "no record with --bearer-token-file within 15 s"
grep -aqF -- "$token" "/proc/$TOOL_PID/environ" && fail "the token is in /proc/<pid>/environ"
grep -aqF -- "$token" "/proc/$TOOL_PID/cmdline" && fail "the token is in /proc/<pid>/cmdline"
pass "with --bearer-token-file the token is in neither /proc/<pid>/environ nor cmdline"
kill -TERM "$TOOL_PID"; wait "$TOOL_PID" 2>/dev/null; TOOL_PID=""
[ "$(requests GET /2/tweets/search/stream | jq -r .auth | tail -n1)" = "Bearer $token" ] \
  || fail "test setup: the fake server did not get the token from the file"
grep -aqF -- "$token" "$WORK/err" && fail "the token is on stderr at -v -v -v"
grep -aqF -- "$token" "$WORK/out" && fail "the token is on stdout"
pass "the token is on neither stderr (-v -v -v) nor stdout"
echo "all $checks checks passed"
