#!/usr/bin/env bash
# cmake --install puts tweet-stream and its man page under a prefix; cpack -G DEB builds a package
# whose dependencies name the shared libraries tweet-stream links.
source "$(dirname "$0")/tweet_stream_common.sh"
BUILD=$(cd "$TWEETMAP_BIN/.." && pwd)
if [ ! -f "$BUILD/CMakeCache.txt" ]; then echo "skipped: no CMake build at $BUILD"; exit 0; fi

cmake --install "$BUILD" --prefix "$TMP/prefix" >"$TMP/install.log" 2>&1
check "cmake --install succeeds" [ $? -eq 0 ]
check "installs bin/tweet-stream" "$TMP/prefix/bin/tweet-stream" --version
check "installs the man page" [ -s "$TMP/prefix/share/man/man1/tweet-stream.1" ]
check "the installed page renders" bash -c "mandoc -T ascii '$TMP/prefix/share/man/man1/tweet-stream.1' | sed 's/.\x08//g' | grep -q 'SYNTH GROUND TRUTH'"

if ! command -v dpkg-shlibdeps >/dev/null; then echo "skipped: cpack check (no dpkg-shlibdeps)"; finish; exit 0; fi
(cd "$TMP" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$TMP/pkg") >"$TMP/cpack.log" 2>&1
deb=$(ls "$TMP"/pkg/*.deb 2>/dev/null | head -n 1)
check "cpack -G DEB builds a package" [ -n "$deb" ]
if [ -n "$deb" ]; then
  dpkg-deb -I "$deb" >"$TMP/info"
  for lib in libc6 libzstd1 libbz2 zlib1g libsimdjson libfmt libcurl; do
    check "package depends on $lib" grep -q "Depends:.*$lib" "$TMP/info"
  done
  dpkg-deb -c "$deb" >"$TMP/contents"
  check "package holds usr/bin/tweet-stream" grep -q "usr/bin/tweet-stream$" "$TMP/contents"
  check "package holds the man page" grep -q "usr/share/man/man1/tweet-stream.1" "$TMP/contents"
else
  tail -n 20 "$TMP/cpack.log" >&2
fi
finish
