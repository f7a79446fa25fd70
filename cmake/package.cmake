# The Debian package: `cmake --build build && cd build && cpack -G DEB` (or scripts/package).
# cmake/deb/prebuild.cmake finishes the staging tree (gzipped man pages and changelog, units,
# examples, copyright, no source maps); dpkg-shlibdeps computes Depends (and libcurl4, below).
# lintian (bookworm, 2.116): no error, no warning. Info tags left: hardening-no-bindnow and
# hardening-no-fortify-functions (the build does not add -Wl,-z,now or _FORTIFY_SOURCE),
# binary-has-unneeded-section .comment, spelling-error-in-binary (words in the stop word and
# city tables) and documentation-outside-usr-share-doc (the page's index.html and esbuild's
# app.js.LEGAL.txt, which the page serves).
# Maintainer: an address under .invalid (RFC 2606, never delivered to anyone); lintian accepts it.
set(CPACK_PACKAGE_NAME tweetmap)
set(CPACK_PACKAGE_VENDOR "tweetmap")
set(CPACK_PACKAGE_CONTACT "tweetmap maintainers <maintainers@tweetmap.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "command-line tools that put a live stream of posts on a map")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"tweetmap is a suite of small command-line tools chained by NDJSON pipes or
Kafka: tweet-stream reads posts (the X filtered stream, Bluesky's Jetstream,
a Mastodon server's streaming API, a recorded replay or a synthetic generator),
places them offline where they carry no position, and writes one record per
line; kafka-pub and kafka-sub
carry records through a Kafka topic; tweet-trends adds trending terms and
hashtags; sse-serve pushes records to browsers over Server-Sent Events and
serves the bundled map page.
.
The package holds the tools, their manual pages, the map page and systemd
units for producers (X, Bluesky or Mastodon to Kafka) and a map service
(Kafka to the map).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcurl is opened at run time by the x and mastodon sources (lib/x/curl_library.hpp), so
# dpkg-shlibdeps cannot see it; curl_multi_poll came with 7.66. The rest is appended.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4 (>= 7.66.0)")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
option(TWEETMAP_PACKAGE_SOURCEMAPS "Keep the web page's source maps in the package" OFF)
set(CPACK_TWEETMAP_SOURCE_DIR ${CMAKE_SOURCE_DIR})
set(CPACK_TWEETMAP_SOURCEMAPS ${TWEETMAP_PACKAGE_SOURCEMAPS})
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_SOURCE_DIR}/cmake/deb/prebuild.cmake)
include(CPack)
