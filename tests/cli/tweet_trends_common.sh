# Helpers shared by tests/cli/tweet_trends_*_test.sh (sourced, not a test itself): bin (the
# tweet-trends binary), data (tests/data), lib (tests/cli/lib), tmp (a temp dir removed on exit),
# fail MSG (exits 1), and the snapshot options of the golden files (opts).
# shellcheck disable=SC2034  # bin, data, lib and opts are for the tests that source this file
set -euo pipefail
bin=${TWEETMAP_BIN:?}/tweet-trends
data=${TWEETMAP_ROOT:?}/tests/data
lib=$TWEETMAP_ROOT/tests/cli/lib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
opts=(--interval 10 --window 60 --baseline 600 --warmup 60)
