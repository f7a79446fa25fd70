#!/usr/bin/env bash
# sse-serve: framing, ids, heartbeats, resume, reset, since=, filters, lag and disconnect policies, metrics.
# The cases live in tests/sse/test_protocol.py (Python standard library only); pass case names to run a few.
exec bash "$(dirname "$0")/../sse/run_cases.sh" test_protocol.py "$@"
