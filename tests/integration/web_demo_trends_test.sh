#!/usr/bin/env bash
# scripts/demo's first minute (web/test/demo_trends_test.mjs) in Debian's chromium: trends, global
# and regional, on the page within 45 s of the demo printing its URL.
exec bash "$(dirname "$0")/web_runner.sh" demo_trends 130 tweet-stream tweet-trends sse-serve
