#!/usr/bin/env bash
# The Debian package (cpack -G DEB from the build at $TWEETMAP_BIN/..): built, checked with
# dpkg-deb, unpacked into a scratch root with dpkg -x (no real dpkg -i: CI is root on a real
# machine), each installed tool's --version and man -l on its page, the tools the units run
# present at the units' paths in that root, and systemd-analyze verify on the installed units.
# lintian, when installed, must report no error and no warning.
source "$(dirname "$0")/../cli/tweet_stream_common.sh"
BUILD=$(cd "$TWEETMAP_BIN/.." && pwd)
if [ ! -f "$BUILD/CPackConfig.cmake" ]; then echo "skipped: no CMake build at $BUILD"; exit 0; fi
if ! command -v dpkg-shlibdeps >/dev/null; then echo "skipped: no dpkg-shlibdeps"; exit 0; fi

(cd "$TMP" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$TMP/pkg") >"$TMP/cpack.log" 2>&1
deb=$(ls "$TMP"/pkg/tweetmap_*_amd64.deb 2>/dev/null | head -n 1)
check "cpack -G DEB builds tweetmap_<version>_amd64.deb" [ -n "$deb" ]
if [ -z "$deb" ]; then tail -n 20 "$TMP/cpack.log" >&2; finish; exit; fi

dpkg-deb -I "$deb" >"$TMP/info"
dpkg-deb -c "$deb" >"$TMP/contents"
check "Maintainer is not on localhost" bash -c "grep '^ Maintainer:' '$TMP/info' | grep -vq localhost"
check "Depends comes from shlibdeps (libc6, librdkafka)" bash -c "grep -q 'Depends:.*libc6.*' '$TMP/info' && grep -q 'Depends:.*librdkafka' '$TMP/info'"
check "the description has an extended part" bash -c "awk '/^ Description:/{d=1;next} d&&/^  /{n++} END{exit !(n>=3)}' '$TMP/info'"
check "no source maps in the web page" bash -c "! grep -q 'usr/share/tweetmap/web/.*\.map$' '$TMP/contents'"

root=$TMP/root
dpkg-deb -x "$deb" "$root"
tools=(tweet-stream kafka-pub kafka-sub tweet-trends sse-serve)
for t in "${tools[@]}"; do
  check "$t is in /usr/bin" [ -x "$root/usr/bin/$t" ]
  check "$t is stripped" bash -c "! readelf -S '$root/usr/bin/$t' | grep -q '\.debug_info'"
  check "installed $t --version" bash -c "'$root/usr/bin/$t' --version | grep -q '[0-9]\.[0-9]'"
  check "man -l on the gzipped page of $t" bash -c "MANWIDTH=80 man -l '$root/usr/share/man/man1/$t.1.gz' 2>/dev/null | grep -q ."
done
check "no uncompressed man page" bash -c "[ -z \"\$(find '$root/usr/share/man' -type f ! -name '*.gz')\" ]"
check "web page in /usr/share/tweetmap/web" [ -s "$root/usr/share/tweetmap/web/index.html" ]
check "app.js does not point at a missing source map" bash -c "! grep -q sourceMappingURL '$root/usr/share/tweetmap/web/app.js'"
doc=$root/usr/share/doc/tweetmap
check "machine-readable copyright" grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' "$doc/copyright"
for piece in GeoNames CC-BY-4.0 Leaflet simpleheat topojson-client world-atlas 'Natural Earth' stopwords-iso; do
  check "copyright names $piece" grep -q "$piece" "$doc/copyright"
done
# Every npm package that esbuild reports as bundled is named in the copyright file.
for pkg in $(sed -n 's|^\([^ /][^/]*\)/.*:$|\1|p' "$TWEETMAP_ROOT/web/dist/app.js.LEGAL.txt" 2>/dev/null | sort -u); do
  check "copyright names bundled $pkg" grep -q "$pkg" "$doc/copyright"
done
check "gzipped Debian changelog" bash -c "gzip -dc '$doc/changelog.gz' | head -n1 | grep -q '^tweetmap ('"
for ex in tweetmap.env.example kafka.properties.example producer.env.example map.env.example \
    bluesky.env.example mastodon.env.example; do
  check "example $ex" [ -s "$doc/examples/$ex" ]
done
units=(tweetmap-producer@.service tweetmap-bluesky@.service tweetmap-mastodon@.service tweetmap-map@.service)
for u in "${units[@]}"; do
  f=$root/lib/systemd/system/$u
  check "unit $u in /lib/systemd/system" [ -s "$f" ]
  check "$u names /usr/bin, not /usr/local" bash -c "grep -q ' /usr/bin/' '$f' && ! grep -q /usr/local '$f'"
  check "$u runs as a dynamic user" grep -q '^DynamicUser=yes' "$f"
  # ExecStart is /bin/sh -c '...': verify checks /bin/sh, so the tools named inside the pipe
  # are checked here against the package's own files.
  for bin in $(grep -o '/usr/bin/[a-z-]*' "$f" | sort -u); do
    check "$u: $bin is in the package" [ -x "$root$bin" ]
  done
done
check "map unit serves /usr/share/tweetmap/web" grep -q -- '--web /usr/share/tweetmap/web' "$root/lib/systemd/system/tweetmap-map@.service"

if command -v systemd-analyze >/dev/null; then
  # verify runs against the host (--root on a scratch root holding only this package lacks
  # /bin/sh and systemd's own targets). The one command it checks is ExecStart's /bin/sh; the
  # tools named inside the pipe are checked against the package above.
  mkdir -p "$TMP/units"
  for u in "${units[@]}"; do
    inst=${u/@/@tweets}
    cp "$root/lib/systemd/system/$u" "$TMP/units/$inst"
    (cd "$TMP/units" && systemd-analyze verify --man=no "./$inst") >"$TMP/verify.log" 2>&1
    rc=$?
    check "systemd-analyze verify $inst (no diagnostic)" bash -c "[ $rc -eq 0 ] && [ ! -s '$TMP/verify.log' ]"
    [ -s "$TMP/verify.log" ] && cat "$TMP/verify.log" >&2
  done
else
  echo "skipped: systemd-analyze verify (no systemd-analyze)"
fi

if command -v lintian >/dev/null; then
  lintian --fail-on error,warning \
    "$deb" >"$TMP/lintian.log" 2>&1
  rc=$?
  check "lintian reports no error and no warning" [ $rc -eq 0 ]
  [ $rc -eq 0 ] || cat "$TMP/lintian.log" >&2
else
  echo "skipped: lintian (not installed; Debian package lintian)"
fi
finish
