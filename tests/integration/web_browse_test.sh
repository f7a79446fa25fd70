#!/usr/bin/env bash
# The post list (drawn box, density circle, 50,000 posts), posts per country, place search and
# the help dialog (web/test/browse_test.mjs) in Debian's chromium against sse-serve.
exec bash "$(dirname "$0")/web_runner.sh" browse 180
