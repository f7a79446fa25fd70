#!/usr/bin/env bash
# The short chaos run (about 2 minutes): scripts/chaos for 45 s of source on a three-node
# cluster, with broker, kafka-sub and sse-serve kills, a cut and stalled fake X stream and SSE
# client churn; fails unless both sinks saw every post and memory stayed bounded. The long run
# is `scripts/chaos MINUTES`.
set -euo pipefail
root=${TWEETMAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
[ -f "$root/tests/fakex/fakex.py" ] || { echo "skipped: tests/fakex is missing"; exit 0; }
exec timeout 420 "$root/scripts/chaos" --seconds "${CHAOS_SECONDS:-45}"
