#!/usr/bin/env python3
"""Tests of tests/bench/geocode_report.py, the report lines of scripts/bench-geocode."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import geocode_report  # noqa: E402


def times(none_cpu, all_cpu):
    return {"load_before": ["1.50", "1.20", "0.90"],
            "results": {"none": {"wall_median": none_cpu + 0.5, "cpu_median": none_cpu},
                        "all": {"wall_median": all_cpu + 0.5, "cpu_median": all_cpu}}}


def acc(file, system, correct, subset="all"):
    return {"file": file, "system": system, "subset": subset, "correct_of_all": correct}


class SpeedTest(unittest.TestCase):
    def test_cost_per_post_is_the_cpu_difference_over_the_posts(self):
        self.assertAlmostEqual(geocode_report.cost_us(times(1.0, 3.0)["results"], 1_000_000), 2.0)

    def test_speed_lines(self):
        lines = geocode_report.speed_lines(times(2.0, 3.0), 100_000, "hidden")
        self.assertEqual(lines, [
            "-- hidden: --geocode none: wall 2.500 s, cpu 2.000 s = 50,000 records per CPU second",
            "-- hidden: --geocode all: wall 3.500 s, cpu 3.000 s = 33,333 records per CPU second",
            "-- hidden: cost of --geocode all: 10.00 us CPU per post (100000 posts), all/none "
            "1.50x; load average 1.50 1.20 0.90"])


class SummaryTest(unittest.TestCase):
    SPEEDS = {"profiles-hidden-x60": (times(1.0, 2.0)["results"], 1000),
              "replay-v1-100MB": (times(4.0, 4.4)["results"], 2_000_000)}

    def test_rows_compare_with_carmen_and_give_the_cost(self):
        accuracy = [acc("v1-world-stream-2015.jsonl", "tweetmap --geocode all", 0.82),
                    acc("v1-world-stream-2015.jsonl", "carmen 2.0.0", 0.70),
                    acc("v1-world-stream-2015.jsonl", "carmen 2.0.0", 0.10, subset="geo")]
        rows = geocode_report.summary_rows(accuracy, self.SPEEDS, "3", "0.50", "DATE")
        tail = "DATE, load 0.50 | `scripts/bench-geocode --runs 3` |"
        self.assertEqual(rows, [
            "summary: | geocode accuracy, right country of all posts (v1-world-stream-2015, "
            "places hidden) | 82.0 % | carmen 2.0.0 70.0 % | +12.0 points | " + tail,
            "summary: | replay --geocode all, one core CPU (every post geocoded) | 1000.00 µs "
            "per post more | --geocode none 1.000 s for 1,000 posts | 2.00× the time | " + tail,
            "summary: | replay --geocode all, one core CPU (posts with places: checked only) | "
            "0.20 µs per post more | --geocode none 4.000 s for 2,000,000 posts | 1.10× the "
            "time | " + tail])

    def test_a_fixture_without_both_systems_has_no_accuracy_row(self):
        accuracy = [acc("v1-profile-locations-dev.jsonl", "tweetmap --geocode all", 0.5)]
        rows = geocode_report.summary_rows(accuracy, self.SPEEDS, "3", "0.50", "DATE")
        self.assertEqual(len(rows), 2)
        self.assertFalse(any("accuracy" in r for r in rows))

    def test_a_worse_result_has_a_negative_difference(self):
        accuracy = [acc("v1-profile-locations-dev.jsonl", "tweetmap --geocode all", 0.40),
                    acc("v1-profile-locations-dev.jsonl", "carmen 2.0.0", 0.45)]
        rows = geocode_report.summary_rows(accuracy, self.SPEEDS, "3", "0.50", "DATE")
        self.assertIn("| -5.0 points |", rows[0])


if __name__ == "__main__":
    unittest.main()
