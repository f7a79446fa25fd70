#!/usr/bin/env bash
# Checks that every C++ source follows .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'lib/*.[ch]pp' 'tools/*.cpp' 'tests/*.cpp' 'tests/**/*.cpp' 2>/dev/null || true)
[ ${#files[@]} -gt 0 ] || mapfile -t files < <(find lib tools tests -name '*.[ch]pp')
clang-format --dry-run --Werror "${files[@]}"
