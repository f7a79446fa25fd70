#!/usr/bin/env bash
# Rule sync against the fake X server: the exact add/delete calls, --dry-run, --replace-rules,
# --locations as bounding_box: (a box within 25 miles a side) or has:geo (a larger one), --lang/--no-retweets/--geo-only as operators, --rules-file (and a bad line naming it), and `x rules ...`.
. "${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fakex/lib.sh"

jq -n '{token: env.X_BEARER_TOKEN,
  rules: [{id: "101", value: "#keep", tag: "tweetmap"},
          {id: "102", value: "#stale", tag: "tweetmap:quakes"},
          {id: "103", value: "#theirs", tag: "someone else"}],
  stream: [], then: {status: 200, events: [{line: $post}, {hold: true}]}}' --arg post "$(post_line 5 hi |
    jq -c '.data.text = "#keep #new quake #earthquake 地震" | .data.lang = "ja"
      | .data.geo = {coordinates: {type: "Point", coordinates: [139.7, 35.6]}}')" \
  >"$WORK/scenario.json"
fakex_start "$WORK/scenario.json"
x() { timeout 20 "$TS" x --api-base "$FAKEX_URL" "$@"; }
posts() { requests POST /2/tweets/search/stream/rules | jq -c '{query, body: (.body | fromjson)}'; }

# --dry-run: lists, validates the additions with dry_run=true, prints the plan, changes nothing.
x --track '#keep,#new' --dry-run >"$WORK/out" 2>"$WORK/err" || fail "--dry-run failed"
grep -q '^add    "#new" tag="tweetmap"$' "$WORK/out" || fail "plan does not add #new"
grep -q '^delete "#stale" tag="tweetmap:quakes" id=102$' "$WORK/out" || fail "plan does not delete #stale"
grep -q '^keep   "#keep"' "$WORK/out" || fail "plan does not keep #keep"
grep -q '^other  "#theirs"' "$WORK/out" || fail "plan does not leave #theirs alone"
[ "$(posts)" = '{"query":"dry_run=true","body":{"add":[{"value":"#new","tag":"tweetmap"}]}}' ] ||
  fail "dry run sent: $(posts)"
[ "$(requests GET /2/tweets/search/stream | wc -l)" -eq 0 ] || fail "--dry-run connected to the stream"

# A real sync: exactly one add of the missing rule, then one delete of our stale rule.
: >"$FAKEX_LOG"
x --track '#keep,#new' --count 1 >"$WORK/out" 2>"$WORK/err"
want='{"query":"","body":{"add":[{"value":"#new","tag":"tweetmap"}]}}
{"query":"","body":{"delete":{"ids":["102"]}}}'
[ "$(posts)" = "$want" ] || fail "sync sent: $(posts)"
grep -q 'rules: 1 added, 1 deleted, 1 kept' "$WORK/err" || fail "no sync summary on stderr"

# In sync already: no POST at all.
: >"$FAKEX_LOG"
x --track '#keep,#new' --count 1 >/dev/null 2>"$WORK/err"
[ -z "$(posts)" ] || fail "an in-sync run changed rules: $(posts)"

# --locations: the filter is applied by the client, and the rules get has:geo.
: >"$FAKEX_LOG"
x --track 'quake' --locations '129,30,146,46' --count 1 >/dev/null 2>"$WORK/err"
posts | head -n1 | jq -e '.body.add == [{value: "quake has:geo", tag: "tweetmap"}]' >/dev/null ||
  fail "--locations did not add has:geo: $(posts)"

# A box that fits X's limit (25 miles a side) is sent as bounding_box:[w s e n] instead; the post
# at 139.7,35.6 lies in it and is written. --dry-run shows both forms.
: >"$FAKEX_LOG"
x --track 'quake' --locations '139.6,35.55,139.8,35.7' --count 1 >"$WORK/out" 2>"$WORK/err" ||
  fail "a run with a small --locations box failed"
posts | head -n1 | jq -e '.body.add == [{value: "quake bounding_box:[139.6 35.55 139.8 35.7]", tag: "tweetmap"}]' >/dev/null ||
  fail "a small --locations box was not sent as bounding_box: $(posts)"
[ "$(jq -r .id "$WORK/out")" = 5 ] || fail "the post inside the box was not written"
x --track 'quake' --locations '139.6,35.55,139.8,35.7,135.4,34.6,135.6,34.75' --dry-run >"$WORK/out" 2>"$WORK/err" ||
  fail "--dry-run with two small boxes failed"
grep -qF 'add    "quake (bounding_box:[139.6 35.55 139.8 35.7] OR bounding_box:[135.4 34.6 135.6 34.75])"' "$WORK/out" ||
  fail "--dry-run does not show the bounding_box rule: $(cat "$WORK/out")"
x --track 'quake' --locations '139.6,35.55,139.8,35.7,129,30,146,46' --dry-run >"$WORK/out" 2>"$WORK/err" ||
  fail "--dry-run with a large box failed"
grep -qF 'add    "quake has:geo"' "$WORK/out" ||
  fail "--dry-run with a box over 25 miles should show has:geo only: $(cat "$WORK/out")"

# Filters with a rule operator are pushed to the server: --lang, --no-retweets, --geo-only
# (--dry-run shows the rules that would be sent); a rule with a top-level OR is parenthesized.
printf 'quake OR tsunami\n' >"$WORK/or.txt"
timeout 20 "$TS" --lang ja,en --no-retweets --geo-only --track '#keep' x --api-base "$FAKEX_URL" \
  --rules-file "$WORK/or.txt" --dry-run >"$WORK/out" 2>"$WORK/err" || fail "operators --dry-run failed"
grep -qF 'add    "#keep (lang:ja OR lang:en) -is:retweet has:geo" tag="tweetmap"' "$WORK/out" ||
  fail "--lang/--no-retweets/--geo-only not pushed as operators: $(cat "$WORK/out")"
grep -qF 'add    "(quake OR tsunami) (lang:ja OR lang:en) -is:retweet has:geo"' "$WORK/out" ||
  fail "an OR rule was not parenthesized: $(cat "$WORK/out")"

# --rules-file with tags, --replace-rules deletes the others' rule too.
printf 'quakes: #earthquake\n\nlang:ja 地震\n' >"$WORK/rules.txt"
: >"$FAKEX_LOG"
x --rules-file "$WORK/rules.txt" --replace-rules --count 1 >/dev/null 2>"$WORK/err" ||
  fail "--rules-file sync failed"
# On the server now: #theirs (103) and the bounding_box rule from the run above: both go.
posts | tail -n1 | jq -e '(.body.delete.ids | length) == 2 and (.body.delete.ids | index("103") != null)' >/dev/null ||
  fail "--replace-rules did not delete every other rule: $(posts)"
posts | head -n1 | jq -e '.body.add == [{value: "#earthquake", tag: "tweetmap:quakes"}, {value: "lang:ja 地震", tag: "tweetmap"}]' >/dev/null ||
  fail "rules file rules not added as written: $(posts)"

# A bad rules-file line is a usage error naming the line; nothing is sent.
printf '#ok\n(unbalanced\n' >"$WORK/bad.txt"
: >"$FAKEX_LOG"
x --rules-file "$WORK/bad.txt" >/dev/null 2>"$WORK/err"
rc=$?
[ $rc -eq 2 ] || fail "bad rules file: exit $rc, expected 2"
grep -q "bad.txt:2: unbalanced '('" "$WORK/err" || fail "error does not name the line"
[ ! -s "$FAKEX_LOG" ] || fail "requests were sent despite a bad rules file"

# A rule X rejects: one clear line, exit 2.
x --track 'INVALID rule' --count 1 >/dev/null 2>"$WORK/err"
rc=$?
[ $rc -eq 2 ] || fail "rejected rule: exit $rc, expected 2"
grep -q 'X rejected a rule: UnprocessableEntity: "INVALID rule"' "$WORK/err" || fail "rejection not reported"
requests POST /2/tweets/search/stream/rules | tail -n1 | grep -q INVALID || fail "rules were deleted although the new one was rejected"

# x rules list | add | delete | clear
x rules list >"$WORK/out" 2>"$WORK/err" || fail "rules list failed"
jq -e -s 'map(.value) | sort == ["#earthquake", "lang:ja 地震"]' "$WORK/out" >/dev/null ||
  fail "rules list printed: $(cat "$WORK/out")"
x rules add --tag mine 'cats has:images' 'dogs' >"$WORK/out" 2>"$WORK/err" || fail "rules add failed"
[ "$(jq -r .tag "$WORK/out" | sort -u)" = mine ] || fail "rules add: $(cat "$WORK/out")"
id=$(jq -r 'select(.value == "dogs") | .id' "$WORK/out")
x rules delete "$id" 'cats has:images' >/dev/null 2>"$WORK/err" || fail "rules delete failed"
requests POST /2/tweets/search/stream/rules | tail -n1 | jq -e --arg id "$id" \
  '.body | fromjson | .delete.ids | length == 2 and index($id) != null' >/dev/null || fail "rules delete sent the wrong ids"
x rules delete 'no such rule' >/dev/null 2>"$WORK/err" && fail "deleting a missing rule succeeded"
x rules clear --managed >/dev/null 2>"$WORK/err" || fail "rules clear failed"
grep -q 'deleted 2 rules' "$WORK/err" || fail "rules clear: $(cat "$WORK/err")"
x rules list >"$WORK/out" 2>"$WORK/err" || fail "rules list failed"
[ ! -s "$WORK/out" ] || fail "rules left after clear: $(cat "$WORK/out")"
echo "ok: rule sync, dry run, rules file, rules subcommands"
