#!/usr/bin/env bash
# sanitized.sh CMD...: runs CMD with AddressSanitizer and UBSan writing their reports to files;
# fails when CMD fails or when any report was written (a report in a tool a test expected to fail
# counts too). The ASan build's CTest tests (label asan) run through it.
set -uo pipefail
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
rc=0
ASAN_OPTIONS="halt_on_error=1:print_stacktrace=1:detect_leaks=1:log_path=$reports/report" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/report" "$@" || rc=$?
if [ -n "$(ls -A "$reports")" ]; then
  echo "sanitizer reports:"
  for f in "$reports"/*; do echo "--- $f"; head -n 40 "$f"; done
  rc=1
fi
exit "$rc"
