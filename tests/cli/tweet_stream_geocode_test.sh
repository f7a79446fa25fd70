#!/usr/bin/env bash
# tweet-stream --geocode: profile and text placing, the default, what is never changed, --stats
# counts, the usage error, and hostile profile strings.
source "$(dirname "$0")/tweet_stream_common.sh"
IN="$TWEETMAP_ROOT/tests/data/geocode/profiles.jsonl"
field() { python3 -c 'import json,sys
for l in sys.stdin: r=json.loads(l); print(r["id"], r.get("geo"), r.get("cc",""), r.get("lat",""))'; }

"$TS" replay -j1 --geocode none "$IN" | field > "$TMP/none"
check "none: only the exact point is placed" grep -qx '103 point  55.3753' "$TMP/none"
check "none: no profile/text kinds" bash -c "! grep -Eq 'profile|text' '$TMP/none'"

"$TS" replay -j1 --geocode profile "$IN" | field > "$TMP/profile"
check "profile: Curitiba, Paraná is in BR" grep -q '^101 profile BR ' "$TMP/profile"
check "profile: joke places give nothing" grep -qx '102 none  ' "$TMP/profile"
check "profile: an exact point is never changed" grep -qx '103 point  55.3753' "$TMP/profile"
check "profile: coordinates in the profile are used as such" grep -qx '105 profile MX 19.43' "$TMP/profile"
check "profile: v2 author location (country level)" grep -q '^106 profile DE ' "$TMP/profile"
check "profile: text is not read" bash -c "! grep -q ' text ' '$TMP/profile'"

"$TS" replay -j1 --geocode text "$IN" | field > "$TMP/text"
check "text: a place named in the text" grep -q '^102 text BR ' "$TMP/text"
check "text: profiles not read" grep -qx '101 none  ' "$TMP/text"

"$TS" replay -j1 "$IN" | field > "$TMP/default"
"$TS" replay -j1 --geocode all "$IN" | field > "$TMP/all"
same_file "the default is all" "$TMP/all" "$TMP/default"
check "all: profile first, then text" grep -q '^102 text BR ' "$TMP/all"
check "all: profile wins" grep -q '^101 profile BR ' "$TMP/all"

# The parallel replay gives the same records.
"$TS" replay -j2 "$IN" | field > "$TMP/parallel"
same_file "parallel replay geocodes the same" "$TMP/all" "$TMP/parallel"

"$TS" replay -j1 --stats 1000 "$IN" > /dev/null 2> "$TMP/stats"
check "--stats counts profile and text placements" grep -q 'geo_profile=3 geo_text=1' "$TMP/stats"

"$TS" replay --geocode bogus "$IN" > /dev/null 2> "$TMP/err"; rc=$?
check "a bad mode is a usage error (2)" test "$rc" -eq 2
check "the usage error names the option" grep -q -- '--geocode' "$TMP/err"

# --geo-only keeps geocoded posts; --raw leaves lines as they are.
n=$("$TS" replay -j1 --geo-only "$IN" | wc -l)
check "--geo-only sees geocoded positions (5 of 6)" test "$n" -eq 5

# Hostile profiles: huge, control characters, invalid UTF-8, emoji only, digits only.
python3 - "$TMP/bad.jsonl" <<'PY'
import json, sys
locs = ["x" * 20000 + " Paris", "\u0001\u0002Paris\u0007", "\U0001F600" * 500, "1234567890" * 50,
        ", " * 10000, "Paris"]
with open(sys.argv[1], "wb") as f:
    for i, l in enumerate(locs):
        f.write((json.dumps({"id_str": str(i), "text": "t", "user": {"location": l}}) + "\n").encode())
    f.write(b'{"id_str":"99","text":"t","user":{"location":"bad \xc3\x28 Paris"}}\n')
PY
timeout 20 "$TS" replay -j1 --geocode all "$TMP/bad.jsonl" > "$TMP/bad.out" 2> "$TMP/bad.err"; rc=$?
check "hostile profiles: exit 0, no crash or stall" test "$rc" -eq 0
check "hostile profiles: every valid line written" test "$(wc -l < "$TMP/bad.out")" -eq 6
check "hostile profiles: invalid UTF-8 is a malformed line, reported" grep -q ':7: malformed' "$TMP/bad.err"
check "hostile profiles: only the plain Paris is placed" \
  test "$(grep -c '"geo":"profile"' "$TMP/bad.out")" -eq 1
finish
