#!/usr/bin/env bash
# tweet-stream replay: golden output, input-derived checks, compressed inputs, stdin, bad input,
# --count, --raw, --speed, pipes, write errors and signals.
source "$(dirname "$0")/tweet_stream_common.sh"
V1="$DATA/v1.jsonl" V2="$DATA/v2.jsonl" GOLD="$DATA/v1-v2.expected.jsonl"

# --- golden output (hand-checked: centres, antimeridian box, ids over 2^53, unescaping, CRLF) ---
"$TS" replay "$V1" "$V2" >"$TMP/out" 2>"$TMP/err"; rc=$?
check "replay exits 0 despite malformed lines" [ "$rc" -eq 0 ]
same_file "replay v1+v2 matches the golden output" "$GOLD" "$TMP/out"
check "malformed v1 line 7 reported with file:line" grep -q "v1.jsonl:7: malformed line skipped" "$TMP/err"
check "non-JSON v1 line 10 reported" grep -q "v1.jsonl:10: malformed line skipped" "$TMP/err"
check "cut-off v2 last line reported" grep -q "v2.jsonl:6: malformed line skipped" "$TMP/err"
check "stream warning reported" grep -q "v1.jsonl:9: stream warning: FALLING_BEHIND" "$TMP/err"
check "v2 errors reported" grep -q "v2.jsonl:3: stream errors: operational-disconnect" "$TMP/err"
check "each malformed line reported once" [ "$(grep -c malformed "$TMP/err")" -eq 3 ]
"$TS" -v replay "$V1" "$V2" 2>&1 >/dev/null | grep -q "17 lines: 9 posts, 9 written, 0 filtered, 4 control, 2 blank, 3 malformed" \
  && ok "counters: posts, control, blank, malformed" || fail "counters line"

# --- independent checks derived from the input with jq (lines jq can parse that carry an id) ---
jq -cR 'fromjson? | select(.id_str) | {id: .id_str, user: .user.screen_name, lang,
    rt: (.retweeted_status != null), point: .coordinates.coordinates}' "$V1" >"$TMP/v1.want"
jq -c 'select(.ts < 1500000000000) | {id, user, lang, rt,
    point: (if .geo == "point" then [.lon, .lat] else null end)}' "$TMP/out" >"$TMP/v1.got"
same_file "v1 ids, users, langs, reposts, exact points agree with jq" "$TMP/v1.want" "$TMP/v1.got"
want_v2=$(jq -R 'fromjson? | .data | if type == "array" then length elif type == "object" then 1 else 0 end' "$V2" | awk '{s += $1} END {print s}')
got_v2=$(grep -c '"ts":16' "$TMP/out")
check "v2 post count derived by jq ($want_v2)" [ "$want_v2" = "$got_v2" ]
check "output is valid JSON, one object per line" jq -e -s >/dev/null 'length == 9 and all(type == "object")' "$TMP/out"
check "texts are unescaped (&amp; &lt;)" grep -q '"Fish & chips in Trelleborg <3' "$TMP/out"

# --- compressed inputs (made now), multi-member gzip, concatenated zstd/bzip2, stdin ---
cat "$V1" "$V2" >"$TMP/all.jsonl"
gzip -c "$TMP/all.jsonl" >"$TMP/all.gz"; bzip2 -c "$TMP/all.jsonl" >"$TMP/all.bz2"; zstd -q -c "$TMP/all.jsonl" >"$TMP/all.zst"
for f in all.gz all.bz2 all.zst; do
  "$TS" -q replay "$TMP/$f" >"$TMP/o.$f"; same_file "$f is detected and decompressed" "$GOLD" "$TMP/o.$f"
done
{ gzip -c "$V1"; gzip -c "$V2"; } >"$TMP/multi.gz"
{ zstd -q -c "$V1"; zstd -q -c "$V2"; } >"$TMP/multi.zst"
{ bzip2 -c "$V1"; bzip2 -c "$V2"; } >"$TMP/multi.bz2"
for f in multi.gz multi.zst multi.bz2; do
  "$TS" -q replay "$TMP/$f" >"$TMP/o.$f"; same_file "$f (two members) reads as one stream" "$GOLD" "$TMP/o.$f"
done
cp "$TMP/all.gz" "$TMP/no-suffix"
"$TS" -q replay "$TMP/no-suffix" >"$TMP/o.ns"; same_file "detection by magic bytes, not the name" "$GOLD" "$TMP/o.ns"
"$TS" -q replay - <"$TMP/all.zst" >"$TMP/o.stdin"; same_file "compressed stdin" "$GOLD" "$TMP/o.stdin"
cat "$V1" | "$TS" -q replay - "$V2" >"$TMP/o.mix"; same_file "stdin mixed with a file" "$GOLD" "$TMP/o.mix"

# --- bad compressed data: an error naming the file, exit 1, earlier output kept ---
for _ in $(seq 1 300); do cat "$V1"; done | gzip -c >"$TMP/big.gz"
head -c $(( $(stat -c %s "$TMP/big.gz") / 2 )) "$TMP/big.gz" >"$TMP/cut.gz"
"$TS" -q replay "$TMP/cut.gz" >"$TMP/o.cut" 2>"$TMP/e.cut"; rc=$?
check "truncated gzip: exit 1" [ "$rc" -eq 1 ]
check "truncated gzip: message names the file" grep -q "cut.gz: gzip data is truncated" "$TMP/e.cut"
check "truncated gzip: records before the cut are written" [ "$(wc -l <"$TMP/o.cut")" -gt 100 ]
zstd -q -c "$TMP/all.jsonl" | head -c 200 >"$TMP/cut.zst"
"$TS" -q replay "$TMP/cut.zst" >/dev/null 2>"$TMP/e.zcut"; rc=$?
check "truncated zstd: exit 1 naming the file" [ "$rc" -eq 1 ] && grep -q "cut.zst: zstd data is truncated" "$TMP/e.zcut"
{ printf 'BZh9'; head -c 3000 /dev/zero | tr '\0' 'x'; } >"$TMP/bad.bz2"
"$TS" -q replay "$TMP/bad.bz2" >/dev/null 2>"$TMP/e.bad"; rc=$?
check "corrupt bzip2: exit 1 naming the file" [ "$rc" -eq 1 ] && grep -q "bad.bz2: bzip2 data is corrupt" "$TMP/e.bad"

# --- missing files: one line, exit 1; the other files are still replayed ---
"$TS" replay "$TMP/missing.jsonl" >"$TMP/o.miss" 2>"$TMP/e.miss"; rc=$?
check "missing file: exit 1" [ "$rc" -eq 1 ]
check "missing file: exactly one line on stderr" [ "$(wc -l <"$TMP/e.miss")" -eq 1 ]
check "missing file: the line names it" grep -q "error: cannot open .*missing.jsonl: No such file" "$TMP/e.miss"
"$TS" -q replay "$TMP/missing.jsonl" "$TMP/all.gz" >"$TMP/o.miss2" 2>"$TMP/e.miss2"; rc=$?
check "missing + good file: exit 1" [ "$rc" -eq 1 ]
same_file "missing + good file: the good one is replayed" "$GOLD" "$TMP/o.miss2"
"$TS" -q replay "$TMP" >/dev/null 2>"$TMP/e.dir"; rc=$?
check "a directory: exit 1 with a message" [ "$rc" -eq 1 ] && grep -q "Is a directory" "$TMP/e.dir"

# --- usage errors: exit 2 with a pointer to --help ---
"$TS" replay --no-such-option "$V1" >/dev/null 2>"$TMP/e.opt"; rc=$?
check "unknown option: exit 2" [ "$rc" -eq 2 ] && grep -q -- "--help" "$TMP/e.opt"
"$TS" replay >/dev/null 2>&1; check "replay without files: exit 2" [ $? -eq 2 ]
"$TS" replay --speed 0 "$V1" >/dev/null 2>&1; check "--speed 0: exit 2" [ $? -eq 2 ]
"$TS" bogus-source >/dev/null 2>&1; check "unknown source: exit 2" [ $? -eq 2 ]
"$TS" --help >"$TMP/help"; check "--help: exit 0 on stdout" [ $? -eq 0 ] && grep -q replay "$TMP/help"

# --- --count and --raw ---
"$TS" replay --count 3 "$V1" "$V2" 2>/dev/null >"$TMP/o.count"
same_file "--count 3 gives the first 3 records" <(head -n 3 "$GOLD") "$TMP/o.count"
"$TS" -q replay --raw "$V1" | od -c | grep -q '\\r' && fail "--raw keeps no CR" || ok "--raw strips the CR of CRLF lines"
"$TS" -q replay --raw "$V1" >"$TMP/o.raw"
sed -n '1p;4p;5p;8p;11p' "$V1" | tr -d '\r' >"$TMP/raw.want"
same_file "--raw passes the post lines through unchanged" "$TMP/raw.want" "$TMP/o.raw"
"$TS" -q --count 1 replay --raw "$V2" >"$TMP/o.raw2"
same_file "--raw --count 1 (options before the source)" <(head -n 1 "$V2") "$TMP/o.raw2"

# --- pipes: a closed pipe ends at once and quietly; a full disk is an error ---
for _ in $(seq 1 2000); do cat "$V1"; done >"$TMP/many.jsonl"
"$TS" replay "$TMP/many.jsonl" 2>"$TMP/e.head" | head -n 3 >"$TMP/o.head"; rc=${PIPESTATUS[0]}
check "| head -n 3: exit 0" [ "$rc" -eq 0 ]
check "| head -n 3: three lines" [ "$(wc -l <"$TMP/o.head")" -eq 3 ]
check "| head -n 3: nothing but malformed-line warnings on stderr" [ -z "$(grep -v 'malformed\|stream warning' "$TMP/e.head")" ]
"$TS" -q replay "$TMP/many.jsonl" >/dev/full 2>"$TMP/e.full"; rc=$?
check "> /dev/full: exit 1" [ "$rc" -eq 1 ]
check "> /dev/full: the error is reported" grep -q "error: write error on output: No space left on device" "$TMP/e.full"

# --- progress on a terminal for large files (script(1) gives it a terminal), never in a file ---
yes "$(head -n 1 "$V1")" | head -n 20000 >"$TMP/large.jsonl"
if command -v script >/dev/null; then
  TERM=xterm script -qc "'$TS' replay '$TMP/large.jsonl' >/dev/null" /dev/null >"$TMP/tty.out" 2>&1
  check "progress line on a terminal" grep -q "large.jsonl *[0-9.]*% .*records" "$TMP/tty.out"
fi
"$TS" replay "$TMP/large.jsonl" >/dev/null 2>"$TMP/e.large"
check "no progress line when stderr is a file" [ ! -s "$TMP/e.large" ]

# --- --speed paces by the posts' timestamps (v2 lines 1-2 are 2.25 s apart) ---
head -n 2 "$V2" >"$TMP/two.jsonl"
t0=$(date +%s%N); "$TS" -q replay --speed 4.5 "$TMP/two.jsonl" >/dev/null; t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
check "--speed 4.5 over 2.25 s of posts takes ~0.5 s (took ${ms} ms)" [ "$ms" -ge 450 ] && [ "$ms" -lt 3000 ]

# --- live input: each line is written as soon as it is read; SIGINT flushes and exits 130 ---
mkfifo "$TMP/fifo"
"$TS" -q replay - <"$TMP/fifo" >"$TMP/o.live" 2>"$TMP/e.live" & pid=$!
exec 7>"$TMP/fifo"
head -n 1 "$V1" >&7
for _ in $(seq 1 100); do [ -s "$TMP/o.live" ] && break; sleep 0.05; done
check "a live line is written before end of input" [ "$(wc -l <"$TMP/o.live")" -eq 1 ]
kill -INT "$pid"; wait "$pid"; rc=$?
exec 7>&-
check "SIGINT: exit 130" [ "$rc" -eq 130 ]
check "SIGINT: output complete" [ "$(tail -c 1 "$TMP/o.live" | od -An -c | tr -d ' ')" = '\n' ]

finish
