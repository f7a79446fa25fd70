#!/usr/bin/env bash
# Every doctest case is registered with CTest under its own name (see unit_cases.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
exec python3 "$root/tests/lint/unit_cases.py" "$(dirname "${TWEETMAP_BIN:-$root/build/bin}")"
