#!/usr/bin/env bash
# The language filter, the "no reposts" toggle, the copy-link button and Back/Forward through
# views (web/test/view_share_test.mjs) in Debian's chromium against sse-serve.
exec bash "$(dirname "$0")/web_runner.sh" view_share 150
