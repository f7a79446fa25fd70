#!/usr/bin/env bash
# tweet-stream mastodon and its access token: from MASTODON_TOKEN or --token-file (never argv),
# sent as a bearer header and never printed: not on stdout or stderr (even with -vv, --dry-run or
# in an error), not in the process's command line (ps, /proc/<pid>/cmdline), not echoed back from
# a hostile error body. 401 (no token, a wrong token) and 403 are one clear line, exit 1 and no
# retry; a user timeline without a token is a usage error (exit 2).
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakemastodon/lib.sh"

token=$MASTODON_TOKEN
jq -n --argjson a "$(status 1)" --argjson b "$(status 2)" \
  '{token: env.MASTODON_TOKEN, stream: [], then: {events: [{update: $a}, {update: $b}, {hold: true}]}}' \
  >"$WORK/scenario.json"
fakemastodon_start "$WORK/scenario.json"

# The token from the environment, -vv, records while connected, then SIGINT.
"$TS" mastodon --instance "$FAKEM_URL" -vv >"$WORK/out" 2>"$WORK/err" &
TOOL_PID=$!
wait_for 10 has_lines "$WORK/out" 2 || fail "records did not reach the output while streaming"
ps -ww -o args= -p "$TOOL_PID" >"$WORK/ps"
grep -qF -- "$token" "$WORK/ps" && fail "the token is in ps output"
tr '\0' ' ' </proc/$TOOL_PID/cmdline | grep -qF -- "$token" && fail "the token is in /proc/<pid>/cmdline"
kill -INT "$TOOL_PID"; wait "$TOOL_PID"; rc=$?; TOOL_PID=""
[ $rc -eq 130 ] || fail "SIGINT: exit $rc, expected 130"
grep -qF -- "$token" "$WORK/err" "$WORK/out" && fail "the token appears on stdout or stderr with -vv"
stream_requests | head -n1 | jq -e --arg t "Bearer $token" '.auth == $t' >/dev/null ||
  fail "the token was not sent as a bearer header"
pass "MASTODON_TOKEN is sent as a bearer header and shows in neither ps, stdout nor stderr"

# --token-file wins over the environment, and the token is not in the environment then.
printf '%s\n' "$token" >"$WORK/token"
MASTODON_TOKEN=wrong timeout 20 "$TS" mastodon --instance "$FAKEM_URL" --token-file "$WORK/token" --count 1 \
  >"$WORK/out" 2>"$WORK/err" || fail "--token-file: exit $?"
[ "$(jq -r .id "$WORK/out")" = https://fake.example/users/u/statuses/1 ] || fail "--token-file: wrong records"
"$TS" mastodon --instance "$FAKEM_URL" --token-file "$WORK/missing" >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] || fail "an unreadable --token-file should be exit 2"
pass "--token-file is read (and wins over MASTODON_TOKEN)"

# --dry-run: the URL and where the token comes from, never the token.
"$TS" mastodon --instance "$FAKEM_URL/" --stream hashtag:maps --dry-run >"$WORK/out" 2>"$WORK/err" ||
  fail "--dry-run: exit $?"
grep -qF "url: $FAKEM_URL/api/v1/streaming/hashtag?tag=maps" "$WORK/out" || fail "--dry-run: no URL"
grep -qF "token: from MASTODON_TOKEN" "$WORK/out" || fail "--dry-run: no token source"
grep -qF -- "$token" "$WORK/out" "$WORK/err" && fail "--dry-run printed the token"
pass "--dry-run names the URL and the token's source, not the token"

# No token at all: the server's 401, one clear line, exit 1, one attempt.
: >"$FAKEM_LOG"
env -u MASTODON_TOKEN timeout 20 "$TS" mastodon --instance "$FAKEM_URL" >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 1 ] || fail "401 without a token: exit $rc, expected 1"
[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "401: expected exactly one line on stderr"
grep -qF "tweet-stream: error: authentication failed (HTTP 401: Missing access token): the server wants an access token: set MASTODON_TOKEN or pass --token-file FILE" \
  "$WORK/err" || fail "401 without a token: unclear message"
[ "$(stream_requests | wc -l)" -eq 1 ] || fail "401 was retried"
[ ! -s "$WORK/out" ] || fail "401: something on stdout"
pass "401 without a token: one clear line, exit 1, no retry"

# A wrong token: 401, the token not printed.
: >"$FAKEM_LOG"
MASTODON_TOKEN=wrong-token-5d41 timeout 20 "$TS" mastodon --instance "$FAKEM_URL" -vv >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] || fail "401 with a wrong token: exit 1 expected"
grep -q "authentication failed (HTTP 401: Invalid access token): check the token" "$WORK/err" || fail "401: unclear"
grep -q wrong-token-5d41 "$WORK/err" && fail "the wrong token appears on stderr"
grep -q reconnecting "$WORK/err" && fail "401: a reconnect was announced"
[ "$(stream_requests | wc -l)" -eq 1 ] || fail "401 with a wrong token was retried"
pass "401 with a wrong token: exit 1, no retry, token not shown"

# 403, with a body that echoes the token: redacted.
jq -n '{stream: [{status: 403, error: ("This action is not allowed for " + env.MASTODON_TOKEN)}]}' >"$WORK/403.json"
fakemastodon_start "$WORK/403.json"
timeout 20 "$TS" mastodon --instance "$FAKEM_URL" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] || fail "403: exit 1 expected"
grep -q "authentication failed (HTTP 403: This action is not allowed for \*\*\*)" "$WORK/err" || fail "403: unclear"
grep -qF -- "$token" "$WORK/err" && fail "403: the echoed token was printed"
[ "$(stream_requests | wc -l)" -eq 1 ] || fail "403 was retried"
pass "403: exit 1, no retry, an echoed token is redacted"

# A user's timeline needs a token: usage error before any request.
: >"$FAKEM_LOG"
env -u MASTODON_TOKEN "$TS" mastodon --instance "$FAKEM_URL" --stream user >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] || fail "--stream user without a token: exit 2 expected"
grep -q "needs an access token" "$WORK/err" || fail "--stream user without a token: unclear"
[ ! -s "$FAKEM_LOG" ] || fail "--stream user without a token still connected"
pass "--stream user without a token is a usage error"
