#!/usr/bin/env bash
# sse-serve: static files, path traversal, 431, idle timeout, token, CORS, client limit, errors.
# The cases live in tests/sse/test_http.py (Python standard library only); pass case names to run a few.
exec bash "$(dirname "$0")/../sse/run_cases.sh" test_http.py "$@"
