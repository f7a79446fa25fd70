#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz) for a short time: FUZZ_SECONDS each (default 20), two at
# a time, after building them with clang into build-fuzz/ (scripts/fuzz). Targets whose library
# modules are not in the tree are skipped. A crash or a broken property fails the test and leaves
# its input in build-fuzz/artifacts/ (reproduce: build-fuzz/bin/<target> <input>).
set -uo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v clang++-14 >/dev/null || { echo "skipped: clang++-14 not installed (scripts/setup)"; exit 0; }
[ -e "$root/tests/fuzz/fuzz.cmake" ] || { echo "skipped: no fuzz targets"; exit 0; }
export FUZZ_JOBS=${FUZZ_JOBS:-2}
exec "$root/scripts/fuzz" "${FUZZ_SECONDS:-20}"
