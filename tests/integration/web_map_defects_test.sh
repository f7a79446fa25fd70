#!/usr/bin/env bash
# The map page's defect checks (web/test/map_defects_test.mjs) in Debian's chromium against sse-serve.
exec bash "$(dirname "$0")/web_runner.sh" map_defects 120
