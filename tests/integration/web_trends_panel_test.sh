#!/usr/bin/env bash
# The trends panel (web/test/trends_panel_test.mjs) in Debian's chromium against sse-serve and the
# real synth | tweet-trends pipeline: warm-up progress, counts with their unit and how unusual,
# one heading per region, "nothing is trending", "In this view" from the server, accessibility.
exec bash "$(dirname "$0")/web_runner.sh" trends_panel 180
