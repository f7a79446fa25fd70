#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy) over the library and the tools, two files at a time.
# Needs the compile database of a build (build/compile_commands.json, or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json (build first)" >&2; exit 1; }
printf '%s\n' lib/*/*.cpp tools/*/main.cpp | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>&1 |
  grep -v -E '^[0-9]+ warnings? generated|^Suppressed|^Use -header-filter' > "${TMPDIR:-/tmp}/tidy.$$" || true
if grep -q -E '(error|warning):' "${TMPDIR:-/tmp}/tidy.$$"; then
  cat "${TMPDIR:-/tmp}/tidy.$$"; rm -f "${TMPDIR:-/tmp}/tidy.$$"; exit 1
fi
rm -f "${TMPDIR:-/tmp}/tidy.$$"
echo "tidy: clean"
