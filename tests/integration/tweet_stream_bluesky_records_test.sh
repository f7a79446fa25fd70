#!/usr/bin/env bash
# tweet-stream bluesky against the fake Jetstream: it asks for wantedCollections=app.bsky.feed.post
# (and app.bsky.feed.repost with --reposts); each post becomes one record (id at://DID/
# app.bsky.feed.post/RKEY, user DID, ts, text, lang, tags, src "bluesky"); identity, account,
# delete, update and other-collection events are skipped and counted in --stats, never written;
# the filters, --count and --raw work as for the other sources; SIGTERM ends a live stream with
# exit 130 after writing what arrived.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakejetstream/lib.sh"

posts=$(verdict count "$EVENTS")

# 1. Every post, as expected, in order; the non-posts counted.
fakejs_start "$(scenario '{"then": {"after": "stay"}}')"
run_bluesky --count "$posts" --stats 60 --geocode none
[ "$rc" -eq 0 ] || fail "exit $rc"
verdict records "$WORK/out" "$EVENTS" --all
jq -e -s 'map(.src == "bluesky") | all' "$WORK/out" >/dev/null || fail "src is not bluesky"
jq -r .id "$WORK/out" | grep -vq '^at://did:plc:user[0-9]*/app.bsky.feed.post/3l3qopost[0-9]*$' &&
  fail "an id is not an AT URI"
jq -e -s '.[0].tags == ["map0"] and .[1].tags == ["lisboa", "verao", "portugal"]' "$WORK/out" >/dev/null ||
  fail "tags: $(jq -c .tags "$WORK/out" | head -n2 | tr '\n' ' ')"
jq -c '.wanted' "$FAKEJS_LOG" | head -n1 | grep -qx '\["app.bsky.feed.post"\]' ||
  fail "wantedCollections: $(head -n1 "$FAKEJS_LOG")"
for f in identity=4 account=4 delete=4 update=1 other=0 control=13 malformed=0 "out=$posts"; do
  [ "$(stat_field "${f%%=*}")" = "${f#*=}" ] || fail "stats: no $f in: $(grep stats: "$WORK/err" | tail -n1)"
done
echo "ok: $posts posts written, identity/account/delete/update counted"
fakejs_stop

# 2. A server that ignores wantedCollections: likes and reposts are counted, never written;
#    --reposts asks for them.
fakejs_start "$(scenario '{"ignore_wanted": true, "then": {"after": "stay"}}')"
run_bluesky --count "$posts" --stats 60 --geocode none --reposts
[ "$rc" -eq 0 ] || fail "--reposts: exit $rc"
verdict records "$WORK/out" "$EVENTS" --all
[ "$(stat_field other)" = 4 ] || fail "likes not counted as other: $(grep stats: "$WORK/err" | tail -n1)"
[ "$(stat_field reposts)" = 4 ] || fail "reposts not counted"
jq -c '.wanted' "$FAKEJS_LOG" | head -n1 | grep -qx '\["app.bsky.feed.post","app.bsky.feed.repost"\]' ||
  fail "--reposts: wantedCollections: $(head -n1 "$FAKEJS_LOG")"
echo "ok: other collections and reposts counted, not written"
fakejs_stop

# 3. Filters: --lang, --track; --raw writes the event lines unchanged.
fakejs_start "$(scenario '{"then": {"after": "stay"}}')"
ja=$(verdict count "$EVENTS" --lang ja)
run_bluesky --lang ja --count "$ja" --geocode none
[ "$rc" -eq 0 ] || fail "--lang: exit $rc"
verdict records "$WORK/out" "$EVENTS" --all --lang ja
# Later connections to the same fake are live (no event left): --cursor replays from the start.
run_bluesky --track lisboa --count 1 --geocode none --cursor 1725911162000000
[ "$rc" -eq 0 ] || fail "--track: exit $rc"
[ "$(jq -r .id "$WORK/out")" = "at://did:plc:user01/app.bsky.feed.post/3l3qopost0001" ] || fail "--track kept $(cat "$WORK/out")"
jq -r 'select(.event == "connect") | .cursor' "$FAKEJS_LOG" | sed -n 2p | grep -qx 1725911162000000 || fail "--cursor not sent"
run_bluesky --track lisboa --count 1 --raw --cursor 1725911162000000
[ "$rc" -eq 0 ] || fail "--raw: exit $rc"
grep -F '"rkey":"3l3qopost0001"' "$EVENTS" | cmp -s - "$WORK/out" || fail "--raw did not write the event line"
echo "ok: --lang, --track, --raw"
fakejs_stop

# 4. SIGTERM while connected and idle: every record received is out, exit 130.
fakejs_start "$(scenario '{"then": {"after": "stay"}}')"
"$TS" --geocode none bluesky --jetstream "$FAKEJS_URL" >"$WORK/out" 2>"$WORK/err" &
tool=$!
all_out() { [ "$(wc -l <"$WORK/out")" -ge "$posts" ]; }
wait_for 20 all_out || fail "SIGTERM: the posts were not written while the stream stayed open"
kill -TERM "$tool"
wait "$tool"
rc=$?
[ "$rc" -eq 130 ] || fail "SIGTERM: exit $rc, expected 130"
verdict records "$WORK/out" "$EVENTS" --all
echo "ok: SIGTERM exits 130 with every record written"
