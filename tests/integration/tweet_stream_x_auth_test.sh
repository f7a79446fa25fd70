#!/usr/bin/env bash
# Auth: the token comes from X_BEARER_TOKEN or --bearer-token-file (never argv), is never printed
# (not even with -vv) and never shows in /proc/<pid>/cmdline; 401/403 are one clear line and exit 1
# with no retries; no token is a usage error. Also: SIGINT mid-stream exits 130 with every record
# already written, and records reach the output while the connection is still open.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"

token=$X_BEARER_TOKEN
jq -n --arg a "$(post_line 11 first)" --arg b "$(post_line 12 second)" --arg c "$(post_line 13 third)" \
  '{status: 200, events: [{line: $a}, {keepalive: 1}, {split: $b, parts: 3}, {line: $c}, {hold: true}]}
   | {token: env.X_BEARER_TOKEN, stream: [], then: .}' \
  >"$WORK/scenario.json"
fakex_start "$WORK/scenario.json"

# The right token from the environment, -vv, live output, then SIGINT.
"$TS" x --api-base "$FAKEX_URL" -vv >"$WORK/out" 2>"$WORK/err" &
TOOL_PID=$!
wait_for 10 has_lines "$WORK/out" 3 || fail "records did not reach the output while streaming"
tr '\0' ' ' </proc/$TOOL_PID/cmdline >"$WORK/cmdline"
grep -qF -- "$token" "$WORK/cmdline" && fail "the token is in /proc/<pid>/cmdline"
kill -INT "$TOOL_PID"
wait "$TOOL_PID"
rc=$?
TOOL_PID=""
[ $rc -eq 130 ] || fail "SIGINT: exit $rc, expected 130"
[ "$(jq -r .id "$WORK/out" | tr '\n' ' ')" = "11 12 13 " ] || fail "records after SIGINT: $(cat "$WORK/out")"
requests GET /2/tweets/search/stream | jq -e --arg t "Bearer $token" '.auth == $t' >/dev/null ||
  fail "the token was not sent as a bearer token"
grep -qF -- "$token" "$WORK/err" && fail "the token appears on stderr with -vv"

# --bearer-token-file wins over the environment.
printf '%s\n' "$token" >"$WORK/token"
: >"$FAKEX_LOG"
X_BEARER_TOKEN=wrong timeout 20 "$TS" x --api-base "$FAKEX_URL" --bearer-token-file "$WORK/token" --count 1 \
  >"$WORK/out" 2>"$WORK/err" || fail "--bearer-token-file: exit $?"
[ "$(jq -r .id "$WORK/out")" = 11 ] || fail "--bearer-token-file: wrong records"

# A wrong token: 401, one clear line, exit 1, exactly one attempt.
: >"$FAKEX_LOG"
X_BEARER_TOKEN=wrong-token-5d41 timeout 20 "$TS" x --api-base "$FAKEX_URL" -vv >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 1 ] || fail "401: exit $rc, expected 1"
[ "$(grep -c 'error:' "$WORK/err")" -eq 1 ] || fail "401: expected one error line on stderr"
grep -q reconnecting "$WORK/err" && fail "401: a reconnect was announced"
grep -qF "tweet-stream: error: authentication failed (HTTP 401 Unauthorized): Unauthorized (check X_BEARER_TOKEN or --bearer-token-file)" \
  "$WORK/err" || fail "401: unclear message"
grep -q "wrong-token-5d41" "$WORK/err" && fail "the wrong token appears on stderr"
[ "$(requests GET /2/tweets/search/stream | wc -l)" -eq 1 ] || fail "401 was retried"

# 401 on the rules endpoint too (a sync before streaming).
X_BEARER_TOKEN=wrong-token-5d41 "$TS" --track cats x --api-base "$FAKEX_URL" >/dev/null 2>"$WORK/err"
rc=$?
[ $rc -eq 1 ] || fail "401 on rules: exit $rc, expected 1"
grep -q "authentication failed (HTTP 401" "$WORK/err" || fail "401 on rules: unclear message"

# 403 from the stream.
jq -n '{stream: [{status: 403}]}' >"$WORK/403.json"
kill "$FAKEX_PID"; wait "$FAKEX_PID" 2>/dev/null
fakex_start "$WORK/403.json"
timeout 20 "$TS" x --api-base "$FAKEX_URL" >/dev/null 2>"$WORK/err"
rc=$?
[ $rc -eq 1 ] || fail "403: exit $rc, expected 1"
grep -qF "authentication failed (HTTP 403 Forbidden)" "$WORK/err" || fail "403: unclear message"
[ "$(requests GET /2/tweets/search/stream | wc -l)" -eq 1 ] || fail "403 was retried"

# No token at all: a usage error that says where a token goes; nothing is sent.
: >"$FAKEX_LOG"
env -u X_BEARER_TOKEN "$TS" x --api-base "$FAKEX_URL" >/dev/null 2>"$WORK/err"
rc=$?
[ $rc -eq 2 ] || fail "no token: exit $rc, expected 2"
grep -q "no bearer token: set X_BEARER_TOKEN or pass --bearer-token-file" "$WORK/err" || fail "no token: unclear message"
[ ! -s "$FAKEX_LOG" ] || fail "requests were sent without a token"
# There is no option that takes the token itself on the command line.
"$TS" x --bearer-token "$token" >/dev/null 2>&1 && fail "--bearer-token should not exist"
echo "ok: auth, secrets, SIGINT"
