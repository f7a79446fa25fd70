#!/usr/bin/env bash
# tweet-stream(1): every long option of --help is documented, mandoc -T lint finds nothing worse
# than a style note, and every command of EXAMPLES runs and exits 0.
source "$(dirname "$0")/tweet_stream_common.sh"
SCD="$TWEETMAP_ROOT/man/tweet-stream.1.scd"
export PATH="$TWEETMAP_BIN:$PATH"

# --- options in --help (top level and each source) appear in the man page ---
{ "$TS" --help; "$TS" replay --help; "$TS" synth --help; } >"$TMP/help"
opts=$(grep -o -- '--[a-z][a-z-]*' "$TMP/help" | sort -u)
check "--help lists options" [ "$(echo "$opts" | wc -l)" -ge 15 ]
for o in $opts; do
  grep -q -- "\*$o\*\|\*$o \|, $o\*" "$SCD" && ok "man page documents $o" || fail "man page lacks $o"
done
for s in "EXIT STATUS" ENVIRONMENT EXAMPLES "SYNTH GROUND TRUTH"; do
  check "man page has $s" grep -q "^# $s" "$SCD"
done

# --- mandoc -T lint on the page as built ---
man_lint "$SCD"

# --- EXAMPLES: each fenced command runs in a folder holding the files it names ---
mkdir -p "$TMP/ex" && cd "$TMP/ex" || exit 1
cat "$DATA/v1.jsonl" "$DATA/v2.jsonl" >stream.jsonl
gzip -c "$DATA/v1.jsonl" >stream-2015-11-11.jsonl.gz
gzip -c stream.jsonl >archive.jsonl.gz
bzip2 -c "$DATA/v1.jsonl" >day1.jsonl.bz2
zstd -q -c "$DATA/v2.jsonl" >day2.jsonl.zst
man_examples "$SCD" >"$TMP/examples"
check "EXAMPLES has commands" [ "$(wc -l <"$TMP/examples")" -ge 6 ]
while IFS= read -r cmd; do
  if timeout 60 bash -o pipefail -c "$cmd" >"$TMP/ex.out" 2>"$TMP/ex.err"; then ok "example runs: $cmd"
  else fail "example fails: $cmd"; head -n 5 "$TMP/ex.err" >&2; fi
done <"$TMP/examples"
check "example outputs: geo.jsonl has the 2 positioned en posts" [ "$(wc -l <geo.jsonl)" -eq 2 ]
check "example outputs: sample.jsonl has 1000 records" [ "$(wc -l <sample.jsonl)" -eq 1000 ]
check "example outputs: bursts.jsonl written" [ -s bursts.jsonl ]
finish
