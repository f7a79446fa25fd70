#!/usr/bin/env bash
# sse-serve: the man page renders, documents every option, and its EXAMPLES run.
# The cases live in tests/sse/test_man.py (Python standard library only); pass case names to run a few.
exec bash "$(dirname "$0")/../sse/run_cases.sh" test_man.py "$@"
