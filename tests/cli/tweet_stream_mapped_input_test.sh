#!/usr/bin/env bash
# tweet-stream replay reads a plain regular file through a memory mapping: a file that grows while
# it is replayed is read to its new end (as read(2) would), and one that shrinks is a one-line
# error with exit status 1 after the lines before the cut, never a SIGBUS; on one thread and on
# several. The replay is held mid-file by its output pipe, which the test stops reading after the
# first bytes: the change is made while the replay is far from the cut (at 8 MiB of 16).
source "$(dirname "$0")/tweet_stream_common.sh"
V1="$DATA/v1.jsonl"
cut=$((8 << 20))

# FILE: copies of the fixture, a blank line of spaces ending exactly at $cut, then more copies.
for _ in $(seq 64); do cat "$V1"; done >"$TMP/chunk"
make_input() {
  : >"$1"
  while [ "$(stat -c %s "$1")" -lt $((cut - (1 << 20))) ]; do cat "$TMP/chunk" >>"$1"; done
  while [ "$(stat -c %s "$1")" -lt $((cut - 8192)) ]; do cat "$V1" >>"$1"; done
  local have; have=$(stat -c %s "$1")
  head -c $((cut - have - 1)) /dev/zero | tr '\0' ' ' >>"$1"
  printf '\n' >>"$1"
  while [ "$(stat -c %s "$1")" -lt $((2 * cut)) ]; do cat "$TMP/chunk" >>"$1"; done
}

# during CHANGE ARGS...: replays with ARGS (--raw: the output is the input's post lines)
# into a FIFO (-q: the fixture's malformed lines are not reported), reads its first bytes, runs CHANGE, reads the rest into $TMP/out; status in $rc.
during() {
  local change=$1; shift
  rm -f "$TMP/fifo"; mkfifo "$TMP/fifo"
  "$TS" -q "$@" >"$TMP/fifo" 2>"$TMP/err" &
  local pid=$!
  exec 3<"$TMP/fifo"
  IFS= read -r -N 100 -u 3 first
  $change
  { printf '%s' "$first"; cat <&3; } >"$TMP/out"
  exec 3<&-
  wait "$pid"; rc=$?
}

for j in 1 2; do
  make_input "$TMP/in.jsonl"
  head -c "$cut" "$TMP/in.jsonl" >"$TMP/before-cut.jsonl"
  "$TS" replay --raw -j1 "$TMP/before-cut.jsonl" >"$TMP/expected" 2>/dev/null
  check "-j$j: the part before the cut has records" [ "$(wc -l <"$TMP/expected")" -gt 1000 ]

  shrink() { truncate -s "$cut" "$TMP/in.jsonl"; }
  during shrink replay --raw -j$j "$TMP/in.jsonl"
  check "-j$j shrunk: exit status 1 (was $rc)" [ "$rc" -eq 1 ]
  same_file "-j$j shrunk: the lines before the cut are written" "$TMP/expected" "$TMP/out"
  check "-j$j shrunk: one line on stderr" [ "$(wc -l <"$TMP/err")" -eq 1 ]
  check "-j$j shrunk: the error names the file" \
    grep -qx "tweet-stream: error: $TMP/in.jsonl: file shrank while being read" "$TMP/err"

  make_input "$TMP/in.jsonl"
  grow() { cat "$V1" "$V1" >>"$TMP/in.jsonl"; }
  during grow replay --raw -j$j "$TMP/in.jsonl"
  "$TS" replay --raw -j1 - <"$TMP/in.jsonl" >"$TMP/expected" 2>/dev/null
  check "-j$j grown: exit status 0 (was $rc)" [ "$rc" -eq 0 ]
  same_file "-j$j grown: what was appended is replayed too" "$TMP/expected" "$TMP/out"
  check "-j$j grown: nothing on stderr" [ ! -s "$TMP/err" ]
done
finish
