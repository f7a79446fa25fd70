#!/usr/bin/env bash
# sse-serve: 1,000 concurrent asyncio clients, curl -N and Chromium EventSource.
# The cases live in tests/sse/test_clients.py (Python standard library only); pass case names to run a few.
exec bash "$(dirname "$0")/../sse/run_cases.sh" test_clients.py "$@"
