#!/usr/bin/env bash
# Runs shellcheck at warning level over every shell script in scripts/ and tests/: *.sh files and any file
# whose first line names sh or bash (scripts/test, scripts/demo, ...). Sourced files without a
# shebang are checked as bash.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v shellcheck >/dev/null || { echo "shellcheck: not installed (scripts/setup)" >&2; exit 1; }
with_shebang=() without=()
while IFS= read -r -d '' f; do
  if head -n 1 "$f" | grep -qE '^#!.*\b(ba|da)?sh\b'; then
    with_shebang+=("$f")
  elif [[ "$f" == *.sh ]]; then
    without+=("$f")
  fi
done < <(find scripts tests -type f -not -path '*/node_modules/*' -not -path '*/corpus/*' -print0 |
  sort -z)
rc=0
[ ${#with_shebang[@]} -eq 0 ] || shellcheck -x -S warning "${with_shebang[@]}" || rc=1
[ ${#without[@]} -eq 0 ] || shellcheck -x -S warning -s bash "${without[@]}" || rc=1
[ "$rc" -ne 0 ] || echo "shellcheck: $((${#with_shebang[@]} + ${#without[@]})) scripts clean"
exit "$rc"
