#!/usr/bin/env bash
# Secrets (docs/SECURITY.md): the X bearer token of tweet-stream x never reaches argv
# (/proc/<pid>/cmdline), stderr (even at debug verbosity, even when X refuses it) or stdout; there
# is no option that takes it on the command line; from --bearer-token-file it is not in the
# environment either, and X_BEARER_TOKEN in the environment is only readable by the same user
# (/proc/<pid>/environ is mode 0400). kafka-pub warns when a secret property comes from argv and
# never echoes its value. Runs against the fake X server (tests/fakex).
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"
[ -e "$TWEETMAP_ROOT/lib/x_source.cpp" ] || { echo "skipped: no tweet-stream x in this tree"; exit 0; }
[ -x "$TS" ] || fail "$TS not built"
token="$X_BEARER_TOKEN"
export TWEETMAP_TIME_SCALE=0.01
checks=0
pass() { echo "ok: $*"; checks=$((checks + 1)); }

no_token_in() {  # no_token_in WHAT FILE [TOKEN]
  if grep -aqF -- "${3:-$token}" "$2"; then fail "the token is in $1"; fi
  pass "the token is not in $1"
}

p1=$(post_line 1790000000000000001 "first")
jq -n --arg p1 "$p1" '{token: env.X_BEARER_TOKEN, stream: [{status: 200, events: [{line: $p1}, {hold: true}]}]}' \
  >"$WORK/scenario.json"
fakex_start "$WORK/scenario.json"

# 1. Token from the environment, debug verbosity: not in argv, stderr or stdout.
"$TS" x --api-base "$FAKEX_URL" -v -v -v >"$WORK/out" 2>"$WORK/err" &
TOOL_PID=$!
wait_for 15 test -s "$WORK/out" || fail "no record from tweet-stream x within 15 s"
no_token_in "/proc/<pid>/cmdline" "/proc/$TOOL_PID/cmdline"
grep -aqF -- "$token" "/proc/$TOOL_PID/environ" || fail "test setup: X_BEARER_TOKEN not in the environment"
mode=$(stat -L -c %a "/proc/$TOOL_PID/environ")
[ "$mode" = 400 ] || fail "/proc/<pid>/environ has mode $mode, expected 400 (owner only)"
pass "/proc/<pid>/environ (which holds X_BEARER_TOKEN) is readable by the owner only"
kill -TERM "$TOOL_PID"; wait "$TOOL_PID" 2>/dev/null; TOOL_PID=""
[ "$(requests GET /2/tweets/search/stream | jq -r .auth | head -n1)" = "Bearer $token" ] \
  || fail "test setup: the fake server did not see the token"
no_token_in "stderr at -v -v -v" "$WORK/err"
no_token_in "stdout" "$WORK/out"

# 2. A token that X refuses (401): the error names the variable, not the value.
wrong="wrong-token-$RANDOM$RANDOM"
X_BEARER_TOKEN="$wrong" timeout 30 "$TS" x --api-base "$FAKEX_URL" -v -v -v >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "a refused token gave exit status $rc"
grep -q 'X_BEARER_TOKEN' "$WORK/err" || fail "the 401 message does not name X_BEARER_TOKEN: $(cat "$WORK/err")"
no_token_in "stderr after a 401" "$WORK/err" "$wrong"
pass "a refused token exits $rc with a message naming X_BEARER_TOKEN"

# 3. --bearer-token-file: the token is in neither argv nor the environment.
printf '%s\n' "$token" >"$WORK/token"
chmod 600 "$WORK/token"
env -u X_BEARER_TOKEN "$TS" x --api-base "$FAKEX_URL" --bearer-token-file "$WORK/token" -v -v \
  >"$WORK/out" 2>"$WORK/err" &
TOOL_PID=$!
wait_for 15 test -s "$WORK/out" || fail "no record with --bearer-token-file within 15 s"
no_token_in "/proc/<pid>/cmdline with --bearer-token-file" "/proc/$TOOL_PID/cmdline"
no_token_in "/proc/<pid>/environ with --bearer-token-file" "/proc/$TOOL_PID/environ"
kill -TERM "$TOOL_PID"; wait "$TOOL_PID" 2>/dev/null; TOOL_PID=""
no_token_in "stderr with --bearer-token-file" "$WORK/err"

# 4. No option takes the token itself.
for opt in --bearer-token --token --bearer; do
  env -u X_BEARER_TOKEN "$TS" x --api-base "$FAKEX_URL" "$opt" "$token" >"$WORK/out" 2>"$WORK/err"
  rc=$?
  [ $rc -eq 2 ] || fail "tweet-stream x $opt TOKEN: exit $rc, expected 2 (usage)"
done
pass "tweet-stream x has no option taking the token on the command line (exit 2)"

# 5. kafka-pub: a secret property on argv is warned about and never echoed.
if [ -x "$TWEETMAP_BIN/kafka-pub" ]; then
  secret="pw-$RANDOM$RANDOM"
  timeout 20 "$TWEETMAP_BIN/kafka-pub" -b 127.0.0.1:1 -t security-test -X "sasl.password=$secret" \
    -X security.protocol=sasl_plaintext -X sasl.mechanism=PLAIN -X sasl.username=u -v -v \
    </dev/null >"$WORK/out" 2>"$WORK/err"
  grep -qi 'argv\|command line' "$WORK/err" || fail "kafka-pub did not warn about sasl.password on argv: $(head -c 400 "$WORK/err")"
  no_token_in "kafka-pub's stderr (sasl.password)" "$WORK/err" "$secret"
  pass "kafka-pub warns about a secret on argv"
else
  echo "skipped: kafka-pub not built"
fi
echo "all $checks checks passed"
