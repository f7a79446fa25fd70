#!/usr/bin/env bash
# --max-reads against the fake X server: every post X delivered is a read (whatever the filters
# keep); once the budget is spent the client closes the connection (the server sees it go and
# logs how many posts it managed to write), says so in one line and exits 3; a spent budget
# does not connect at all; the count survives a restart and is shared by two processes that can
# never together pass it; a new UTC day starts from 0; --stats shows reads used and left; a
# corrupt budget file is one clear line, exit 1, and is left as it was.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"

today=$(date -u +%Y-%m-%d)
tomorrow=$(date -u -d "$today +1 day" +%Y-%m-%d)
yesterday=$(date -u -d "$today -1 day" +%Y-%m-%d)
month=$(date -u +%Y-%m-01)
next_month=$(date -u -d "$month +1 month" +%Y-%m-%d)

# Every connection: up to 200 posts, one every 50 ms, "en" and "de" in turn, then the end of
# the stream; the server stops writing as soon as it sees the client close the connection.
jq -n '{rules: [{id: "1", value: "kafka", tag: "tweetmap"}], stream: [],
  then: {status: 200, events: [{posts: 200, interval: 0.05, langs: ["en", "de"]}, {end: true}]}}' >"$WORK/s.json"
fakex_start "$WORK/s.json"
budget="$WORK/state/x-reads"
x() { timeout 30 "$TS" x --api-base "$FAKEX_URL" --budget-file "$budget" "$@"; }
streams() { requests GET /2/tweets/search/stream | wc -l; }
# ends: the "end" lines of the stream connections so far.
ends() { jq -c 'select(.event == "end")' "$FAKEX_LOG"; }
used() { sed -n 's/^used //p' "$budget"; }

# 1. 6/day with --lang en: 6 posts delivered (3 kept), then the connection is closed.
"$TS" --lang en --stats 60 x --api-base "$FAKEX_URL" --budget-file "$budget" --max-reads 6/day \
  >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 3 ] || fail "spent budget: exit $rc, expected 3"
[ "$(wc -l <"$WORK/out")" -eq 3 ] || fail "expected the 3 'en' posts of 6 read, got $(wc -l <"$WORK/out")"
want="tweet-stream: read budget of 6/day spent (6 used); renews at ${tomorrow}T00:00:00Z"
grep -qxF "$want" "$WORK/err" || fail "no budget line '$want'"
grep -q 'reads=6 reads_left=0' "$WORK/err" || fail "--stats does not show reads used and left"
[ "$(used)" = 6 ] || fail "budget file counts $(used), expected 6"
grep -qx "start ${today}T00:00:00Z" "$budget" || fail "budget file period: $(cat "$budget")"
wait_for 10 test "$(ends | wc -l)" -ge 1 || fail "the server never saw the connection end"
end=$(ends | tail -n1)
[ "$(jq -r .how <<<"$end")" = client-gone ] || fail "the client did not close the connection: $end"
written=$(jq -r .written <<<"$end")
# The server keeps writing (into the socket buffers) while the client works through the posts
# it received, and stops when it sees the close. A client that only stopped its output would
# read on to the server's end of the stream (200 posts, "how": "end").
[ "$written" -ge 6 ] && [ "$written" -lt 200 ] ||
  fail "the server wrote $written posts before the client closed (expected 6 to 199)"
echo "ok: 6 reads, the server wrote $written posts before it saw the close"

# 2. Spent: no request at all (not even the rules), the same line, exit 3.
: >"$FAKEX_LOG"
x --track kafka --max-reads 6/day >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 3 ] || fail "already spent: exit $rc, expected 3"
grep -qxF "$want" "$WORK/err" || fail "already spent: no budget line"
[ ! -s "$FAKEX_LOG" ] || fail "a spent budget still sent requests: $(cat "$FAKEX_LOG")"

# 3. A restart with a larger budget counts on: 4 more reads, then spent.
: >"$FAKEX_LOG"
x --max-reads 10/day >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 3 ] || fail "restart: exit $rc, expected 3"
[ "$(wc -l <"$WORK/out")" -eq 4 ] || fail "restart: expected 4 more posts, got $(wc -l <"$WORK/out")"
[ "$(used)" = 10 ] || fail "restart: budget file counts $(used), expected 10"

# 4. Two processes on one fresh budget file: 30 reads in total, never more.
rm -f "$budget"
: >"$FAKEX_LOG"
x --max-reads 30/day >"$WORK/out1" 2>"$WORK/err1" &
p1=$!
x --max-reads 30/day >"$WORK/out2" 2>"$WORK/err2" &
p2=$!
wait $p1; rc1=$?
wait $p2; rc2=$?
[ $rc1 -eq 3 ] && [ $rc2 -eq 3 ] || fail "two processes: exits $rc1 and $rc2, expected 3 and 3"
total=$(cat "$WORK/out1" "$WORK/out2" | wc -l)
[ "$total" -eq 30 ] || fail "two processes read $total posts in total, budget 30"
[ "$(used)" = 30 ] || fail "two processes: budget file counts $(used), expected 30"
[ "$(streams)" -eq 2 ] || fail "two processes: $(streams) stream connections, expected 2"
wait_for 10 test "$(ends | wc -l)" -ge 2 || fail "the server did not see both connections end"
[ "$(ends | jq -r .how | sort -u)" = client-gone ] || fail "a client did not close its connection: $(ends)"
server=$(ends | jq -s 'map(.written) | add')
echo "ok: two processes read $(wc -l <"$WORK/out1") + $(wc -l <"$WORK/out2") = $total posts (server wrote $server)"

# 5. A new UTC day starts from 0 (a crafted file: yesterday's budget was spent).
printf 'tweetmap-x-reads 1\nperiod day\nstart %sT00:00:00Z\nused 999\n' "$yesterday" >"$budget"
x --max-reads 2/day >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 3 ] && [ "$(wc -l <"$WORK/out")" -eq 2 ] ||
  fail "a new day: exit $rc with $(wc -l <"$WORK/out") posts, expected 3 with 2"
grep -qx "start ${today}T00:00:00Z" "$budget" && [ "$(used)" = 2 ] ||
  fail "a new day: budget file $(cat "$budget")"
# This month's budget spent: renews on the first of next month.
printf 'tweetmap-x-reads 1\nperiod month\nstart %sT00:00:00Z\nused 5\n' "$month" >"$budget"
x --max-reads 5/month >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 3 ] || fail "spent month: exit $rc"
grep -qxF "tweet-stream: read budget of 5/month spent (5 used); renews at ${next_month}T00:00:00Z" "$WORK/err" ||
  fail "spent month: no budget line"

# 6. A corrupt budget file: one line naming it, exit 1, nothing sent, the file left alone.
printf 'tweetmap-x-reads 1\nperiod day\nstart %sT00:00:00Z\nused many\n' "$today" >"$budget"
cp "$budget" "$WORK/corrupt.copy"
: >"$FAKEX_LOG"
x --max-reads 5/day >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc -eq 1 ] || fail "corrupt budget file: exit $rc, expected 1"
[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "corrupt budget file: expected one line"
grep -qF "tweet-stream: error: budget file $budget: line 4: expected 'used N'" "$WORK/err" ||
  fail "corrupt budget file: unclear message"
cmp -s "$budget" "$WORK/corrupt.copy" || fail "the corrupt budget file was changed"
[ ! -s "$FAKEX_LOG" ] || fail "a corrupt budget file still sent requests"

# 7. A bad --max-reads is a usage error.
x --max-reads 10/week >/dev/null 2>"$WORK/err"
rc=$?
[ $rc -eq 2 ] || fail "--max-reads 10/week: exit $rc, expected 2"
echo "ok: read budget"
