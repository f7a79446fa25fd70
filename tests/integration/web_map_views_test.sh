#!/usr/bin/env bash
# The map page's views, lists and counters (web/test/map_views_test.mjs) in Debian's chromium
# against sse-serve: world copies, drags, density labels, age and posts/s from ts, stacked posts,
# the notice beside popups, the phone's place box, tags, direction isolation, CJK/emoji fonts.
exec bash "$(dirname "$0")/web_runner.sh" map_views 150
