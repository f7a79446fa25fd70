#!/usr/bin/env bash
# tweet-stream replay -j N: files parsed on worker threads give the same bytes on stdout and the
# same messages on stderr as one thread, across block boundaries, with malformed, CRLF, control,
# over-long and unterminated lines, and with each output mode.
source "$(dirname "$0")/tweet_stream_common.sh"
V1="$DATA/v1.jsonl" V2="$DATA/v2.jsonl"

# Many blocks (each ~256 KB): the fixtures over and over, CRLF line ends in one part, and lines
# over the 16 MiB limit alone, in a row, and right after a short line.
big=$(head -c $((17 << 20)) /dev/zero | tr '\0' 'x')
{
  for _ in $(seq 400); do cat "$V1" "$V2"; done
  printf '%s\n' "$big"
  sed 's/$/\r/' "$V1"
  printf '%s\n%s\n' "$big" "$big"
  for _ in $(seq 400); do cat "$V2" "$V1"; done
  head -n 1 "$V1"
  printf '%s\n' "$big"
  for _ in $(seq 50); do cat "$V1"; done
  printf '{"id_str":"99","text":"last line, no newline"'
} >"$TMP/in.jsonl"
printf '%s' "$big" >"$TMP/tail-too-long.jsonl"; cat "$V1" "$TMP/tail-too-long.jsonl" >"$TMP/in2.jsonl"

run() { # run NAME ARGS...: -j1 and -j2/-j4 agree on stdout, stderr (but the thread note) and status
  local name=$1; shift
  "$TS" "$@" -j1 >"$TMP/o1" 2>"$TMP/e1"; local r1=$?
  for j in 2 4; do
    "$TS" "$@" -j$j >"$TMP/o$j" 2>"$TMP/e$j"; local rj=$?
    grep -v 'parsing on .* threads' "$TMP/e$j" >"$TMP/e$j.f"
    same_file "$name: -j$j stdout equals -j1" "$TMP/o1" "$TMP/o$j"
    same_file "$name: -j$j stderr equals -j1" "$TMP/e1" "$TMP/e$j.f"
    check "$name: -j$j exit status equals -j1 ($r1)" [ "$r1" -eq "$rj" ]
  done
}
run "records" -v replay "$TMP/in.jsonl"
check "the output is not empty" [ "$(wc -l <"$TMP/o1")" -gt 1000 ]
{ cat "$V1"; printf '%s\n' "$big"; cat "$V2"; } >"$TMP/in3.jsonl"
"$TS" replay -j2 "$TMP/in3.jsonl" 2>&1 >/dev/null | grep -q "in3.jsonl:12: malformed line skipped: line too long" \
  && ok "an over-long line is reported with its line number" || fail "over-long line number"
run "raw" replay --raw "$TMP/in.jsonl"
run "filters" -v replay --track "fish,#trelleborg" --no-retweets "$TMP/in.jsonl"
run "two files, over-long last line" -v replay "$TMP/in2.jsonl" "$V2"

# The threads are used where they can be (stdin redirected from a file is a file), and not for
# pipes, --count or --speed.
"$TS" -v replay -j2 "$TMP/in.jsonl" 2>&1 >/dev/null | grep -q "in.jsonl: parsing on 2 threads" \
  && ok "-j2 parses a regular file on 2 threads" || fail "-j2 on a regular file"
"$TS" -v replay -j2 - <"$V1" 2>&1 >/dev/null | grep -q "stdin: parsing on 2 threads" \
  && ok "-j2 parses stdin from a file on 2 threads" || fail "-j2 on stdin from a file"
cat "$V1" | "$TS" -v replay -j2 - 2>&1 >/dev/null | grep -q "parsing on" \
  && fail "threads not used: a pipe" || ok "threads not used: a pipe"
for args in "-n 5" "--speed 1000000"; do
  # shellcheck disable=SC2086
  "$TS" -v replay -j2 $args "$V1" 2>&1 >/dev/null | grep -q "parsing on" \
    && fail "threads not used: replay $args" || ok "threads not used: replay $args"
done
taskset -c 0 "$TS" -v replay "$V1" 2>&1 >/dev/null | grep -q "parsing on" \
  && fail "one available core: one thread" || ok "one available core: one thread"
"$TS" replay -j 300 "$V1" >/dev/null 2>&1; check "-j 300 is a usage error (exit 2)" [ $? -eq 2 ]
finish
