#!/usr/bin/env python3
"""Tests of tests/bench/pacing.py, the paced feed and quantiles of the live benchmarks."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pacing  # noqa: E402


class FakeClock:
    """A clock that only moves when slept on, or by `step` per reading."""

    def __init__(self, step=0.0):
        self.now, self.step, self.slept = 100.0, step, []

    def clock(self):
        t = self.now
        self.now += self.step
        return t

    def sleep(self, s):
        self.slept.append(round(s, 9))
        self.now += s


class PacedTest(unittest.TestCase):
    def test_lines_are_due_one_over_rate_apart_and_stop_at_rate_times_seconds(self):
        c = FakeClock()
        got = list(pacing.paced(iter("abcdefgh"), 4, 1.5, clock=c.clock, sleep=c.sleep))
        self.assertEqual([(i, line) for i, line, _ in got], list(enumerate("abcdef")))
        self.assertEqual([due for _, _, due in got], [100 + i / 4 for i in range(6)])
        # Nothing else takes time: every wait is the whole quarter second, none before the first.
        self.assertEqual(c.slept, [0.25] * 5)

    def test_no_sleep_when_behind(self):
        c = FakeClock(step=1.0)  # each reading of the clock is a second later: always late
        got = list(pacing.paced(["x", "y", "z"], 10, 10, clock=c.clock, sleep=c.sleep))
        self.assertEqual(len(got), 3)
        self.assertEqual(c.slept, [])

    def test_lines_are_read_lazily(self):
        read = []

        def lines():
            for s in "abc":
                read.append(s)
                yield s

        c = FakeClock()
        feed = pacing.paced(lines(), 1, 100, clock=c.clock, sleep=c.sleep)
        next(feed)
        self.assertEqual(read, ["a"])


class QuantileTest(unittest.TestCase):
    def test_nearest_rank_from_below(self):
        ordered = list(range(1, 101))  # 1..100
        self.assertEqual(pacing.quantile(ordered, 0.5), 51)
        self.assertEqual(pacing.quantile(ordered, 0.99), 100)
        self.assertEqual(pacing.quantile(ordered, 1.0), 100)
        self.assertEqual(pacing.quantile(ordered, 0.0), 1)
        self.assertEqual(pacing.quantile([7.5], 0.99), 7.5)


if __name__ == "__main__":
    unittest.main()
