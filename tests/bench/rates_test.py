#!/usr/bin/env python3
"""Tests of tests/bench/rates.py, the arithmetic of scripts/bench-kafka."""

import io
import os
import sys
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rates  # noqa: E402


class RatesTest(unittest.TestCase):
    def test_secs_between_two_date_stamps(self):
        self.assertEqual(rates.secs("1764650000.100000000", "1764650002.345678901"), "2.246")
        self.assertEqual(rates.secs("5", "5"), "0.000")

    def test_rate_has_no_decimals(self):
        self.assertEqual(rates.rate("1000000", "2.500"), "400000")
        self.assertEqual(rates.rate("10", "3"), "3")

    def test_ratio_has_two_decimals(self):
        # kcat's time over ours: above 1 when ours is faster.
        self.assertEqual(rates.ratio("3.000", "2.000"), "1.50")
        self.assertEqual(rates.ratio("1", "3"), "0.33")

    def test_main_prints_one_value(self):
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(rates.main(["ratio", "2", "1"]), 0)
        self.assertEqual(out.getvalue(), "2.00\n")

    def test_unknown_command_is_a_usage_error(self):
        with redirect_stderr(io.StringIO()):
            self.assertEqual(rates.main(["speed", "1", "2"]), 2)
            self.assertEqual(rates.main(["rate", "1"]), 2)


if __name__ == "__main__":
    unittest.main()
