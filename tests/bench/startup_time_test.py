#!/usr/bin/env python3
"""Tests of tests/bench/startup_time.py, the start-up timing of scripts/bench-package."""

import io
import itertools
import os
import stat
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import startup_time  # noqa: E402


def script(d, name, body):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


class StartupTimeTest(unittest.TestCase):
    def test_line_gives_median_min_and_max(self):
        self.assertEqual(startup_time.line("/tmp/x/usr/bin/tweet-stream", [3.0, 1.0, 2.5, 10.0]),
                         "tweet-stream   --version median   2.75 ms (min 1.00, max 10.00)")

    def test_each_run_is_timed_with_version(self):
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "log")
            exe = script(d, "tool", f'echo "$1" >> {log}')
            # A clock that advances 2 ms per reading: every run takes 2 ms.
            clock = (t / 1000 for t in itertools.count(0, 2))
            ms = startup_time.times_ms(exe, 3, clock=lambda: next(clock))
            self.assertEqual([round(m, 6) for m in ms], [2.0, 2.0, 2.0])
            with open(log) as f:
                self.assertEqual(f.read(), "--version\n" * 3)

    def test_a_failing_program_stops_the_run(self):
        with tempfile.TemporaryDirectory() as d:
            ok, bad = script(d, "ok", "exit 0"), script(d, "bad", "exit 3")
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                self.assertEqual(startup_time.main(["--runs", "2", ok, bad, ok]), 1)
            self.assertEqual(len(out.getvalue().splitlines()), 1)
            self.assertTrue(out.getvalue().startswith("ok             --version median"))
            self.assertIn("bad", err.getvalue())


if __name__ == "__main__":
    unittest.main()
