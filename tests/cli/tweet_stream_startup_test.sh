#!/usr/bin/env bash
# What tweet-stream loads at every start: only the shared libraries it calls (no librdkafka,
# which only the Kafka tools use; cmake/link.cmake links with --as-needed), packed relative
# relocations when the toolchain has them, and --version names the libraries each tool links.
source "$(dirname "$0")/tweet_stream_common.sh"
BUILD=$(cd "$TWEETMAP_BIN/.." && pwd)
if ! command -v readelf >/dev/null; then echo "skipped: no readelf"; exit 0; fi

readelf -d "$TS" >"$TMP/dynamic"
check "tweet-stream links libcurl (the X and Mastodon sources)" grep -q 'NEEDED.*libcurl' "$TMP/dynamic"
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
