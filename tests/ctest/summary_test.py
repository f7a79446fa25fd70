#!/usr/bin/env python3
"""Tests of tests/ctest/summary.py, which turns CTest's JUnit reports into scripts/test's last
lines: the tail of each failing test's output, then "N passed, N failed"."""

import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summary  # noqa: E402

# The shape `ctest --output-junit` writes (CMake 3.25).
REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="Linux" tests="3" failures="1" disabled="0" skipped="0" hostname="" time="3">
  <testcase name="unit/geo: a" classname="unit/geo: a" time="0.01" status="run">
    <system-out>[doctest] ok</system-out>
  </testcase>
  <testcase name="cli/usage_errors" classname="cli/usage_errors" time="1.5" status="fail">
    <failure message="Failed"/>
    <system-out>{lines}</system-out>
  </testcase>
  <testcase name="lint/layout" classname="lint/layout" time="0.2" status="run">
    <system-out>layout: clean</system-out>
  </testcase>
</testsuite>
"""


class SummaryTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def report(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_counts_and_tail_of_the_failure(self):
        lines = "\n".join(f"line {i}" for i in range(100))
        path = self.report("cli.xml", REPORT.format(lines=lines))
        out = io.StringIO()
        self.assertEqual(summary.summarize([path], 5, out), (2, 1))
        text = out.getvalue().splitlines()
        self.assertEqual(text[0], "FAIL cli/usage_errors")
        self.assertEqual(text[1:6], [f"    line {i}" for i in range(95, 100)])
        self.assertEqual(text[-2], "failed: cli/usage_errors")
        self.assertEqual(text[-1], "2 passed, 1 failed")

    def test_all_passing_ends_with_zero_failed(self):
        ok = REPORT.replace('status="fail"', 'status="run"').replace('<failure message="Failed"/>',
                                                                    "")
        path = self.report("unit.xml", ok.format(lines="fine"))
        out = io.StringIO()
        self.assertEqual(summary.summarize([path], 60, out), (3, 0))
        self.assertEqual(out.getvalue().splitlines()[-1], "3 passed, 0 failed")
        self.assertEqual(summary.main([path]), 0)

    def test_a_missing_report_counts_as_a_failure(self):
        ok = self.report("a.xml", REPORT.format(lines="x"))
        missing = os.path.join(self.dir, "asan.xml")
        out = io.StringIO()
        self.assertEqual(summary.summarize([ok, missing], 60, out), (2, 2))
        self.assertIn("FAIL " + missing, out.getvalue())
        self.assertEqual(out.getvalue().splitlines()[-1], "2 passed, 2 failed")

    def test_a_truncated_report_counts_as_a_failure(self):
        bad = self.report("bad.xml", REPORT.format(lines="x")[:200])
        out = io.StringIO()
        self.assertEqual(summary.summarize([bad], 60, out), (0, 1))

    def test_nothing_run_is_a_failure(self):
        empty = self.report("empty.xml", '<testsuite name="Linux" tests="0"></testsuite>')
        with open(os.devnull, "w") as devnull:
            sys_stdout, sys.stdout = sys.stdout, devnull
            try:
                self.assertEqual(summary.main([empty]), 1)
            finally:
                sys.stdout = sys_stdout


if __name__ == "__main__":
    unittest.main()
