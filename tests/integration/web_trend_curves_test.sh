#!/usr/bin/env bash
# Each trend's curve over time and "In this view" from sse-serve's GET /trends?bbox=
# (web/test/trend_curves_test.mjs) in Debian's chromium: sparklines, the larger chart with its
# words and table, the bounded history of snapshots, the server's view trends and the page's
# own fallback against the stand-in server.
exec bash "$(dirname "$0")/web_runner.sh" trend_curves 150
