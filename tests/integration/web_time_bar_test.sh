#!/usr/bin/env bash
# The map page's time bar (web/test/time_bar_test.mjs) in Debian's chromium against sse-serve's
# /history: scrub back an hour of posts, replay, go live again.
exec bash "$(dirname "$0")/web_runner.sh" time_bar 150
