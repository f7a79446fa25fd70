#!/usr/bin/env bash
# What tweet-stream loads at every start: only the shared libraries it calls (no librdkafka,
# which only the Kafka tools use; cmake/link.cmake links with --as-needed), not libcurl, which
# the x and mastodon sources open when they start (lib/x/curl_library.hpp), packed relative
# relocations when the toolchain has them, and --version names the libraries each tool uses.
source "$(dirname "$0")/tweet_stream_common.sh"
BUILD=$(cd "$TWEETMAP_BIN/.." && pwd)
if ! command -v readelf >/dev/null; then echo "skipped: no readelf"; exit 0; fi

readelf -d "$TS" >"$TMP/dynamic"
check "tweet-stream does not link libcurl" bash -c "! grep -q 'NEEDED.*libcurl' '$TMP/dynamic'"
LD_DEBUG=files "$TS" -q replay /dev/null 2>"$TMP/replay-files" >/dev/null
check "replay loads shared libraries (the loader's trace is read)" grep -q 'file=libsimdjson' "$TMP/replay-files"
check "replay does not load libcurl" bash -c "! grep -q 'file=libcurl' '$TMP/replay-files'"
# The x source against a closed port: it opens libcurl, fails to connect and gives up (exit 1).
LD_DEBUG=files X_BEARER_TOKEN=t "$TS" -q x --api-base http://127.0.0.1:1 --max-retries 1 \
  2>"$TMP/x-files" >/dev/null
check "the x source opens libcurl" grep -q 'file=libcurl.so.4 .*dynamically loaded' "$TMP/x-files"
check "the x source reports the refused connection through libcurl" grep -q "Couldn't connect" "$TMP/x-files"
# Without libcurl (its file hidden in a private mount namespace, where unshare is allowed): the
# x source stops with one line naming the library and exit 1; replay does not need it.
CURL_FILE=$(readlink -f "$(ldconfig -p | awk '/libcurl\.so\.4 .*x86-64/ {print $NF; exit}')" 2>/dev/null)
if [ -n "$CURL_FILE" ] && unshare -m true 2>/dev/null; then
  unshare -m bash -c 'mount --bind /dev/null "$1" || exit 99
    X_BEARER_TOKEN=t "$2" -q x --api-base http://127.0.0.1:1 --max-retries 1 2>"$3/nocurl-x" >/dev/null
    echo $? >"$3/nocurl-x-rc"
    printf "%s\n" "{\"id_str\":\"1\",\"text\":\"hi\",\"created_at\":\"Wed Nov 11 00:35:07 +0000 2015\"}" |
      "$2" -q replay - >"$3/nocurl-replay" 2>&1
    echo $? >"$3/nocurl-replay-rc"' _ "$CURL_FILE" "$TS" "$TMP"
  check "without libcurl the x source exits 1" [ "$(cat "$TMP/nocurl-x-rc")" = 1 ]
  check "without libcurl the x source says which library is missing, on one line" \
    bash -c "[ \$(wc -l <'$TMP/nocurl-x') = 1 ] && grep -q 'cannot load libcurl.so.4' '$TMP/nocurl-x'"
  check "without libcurl replay still runs" bash -c "[ \$(cat '$TMP/nocurl-replay-rc') = 0 ] && grep -q '\"id\":\"1\"' '$TMP/nocurl-replay'"
else
  echo "skipped: no private mount namespace here (unshare -m), so libcurl cannot be hidden"
fi
check "tweet-stream does not link librdkafka" bash -c "! grep -q 'NEEDED.*librdkafka' '$TMP/dynamic'"
"$TS" --version >"$TMP/version"
check "tweet-stream --version names libcurl" grep -q '^libcurl [0-9]' "$TMP/version"
check "tweet-stream --version does not name librdkafka" bash -c "! grep -q librdkafka '$TMP/version'"
"$TWEETMAP_BIN/kafka-pub" --version >"$TMP/kversion"
check "kafka-pub --version names librdkafka first" bash -c "sed -n 2p '$TMP/kversion' | grep -q '^librdkafka [0-9]'"
check "kafka-pub --version names libcurl" grep -q '^libcurl [0-9]' "$TMP/kversion"
if grep -q '^TWEETMAP_HAVE_PACK_RELATIVE_RELOCS:INTERNAL=1' "$BUILD/CMakeCache.txt" 2>/dev/null; then
  check "relative relocations are packed (DT_RELR)" grep -q '(RELR)' "$TMP/dynamic"
fi
finish
