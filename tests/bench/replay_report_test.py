#!/usr/bin/env python3
"""Tests of tests/bench/replay_report.py, the report of scripts/bench-replay."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_report  # noqa: E402

ENV = {"model": "CPU", "jq": "jq-1.6", "jaq": "jaq 3.1.2", "cores": 2, "date": "DATE"}
POSTS, SIZE = 1_000_000, 2_000_000_000  # 2 GB: one second of tweet-stream is 2 GB/s


def times(**over):
    # (wall, cpu) medians: tweet-stream 1 s, jq 10 s, jaq 4 s on one core.
    t = {"tweet-stream": (1.0, 0.8), "jq": (10.0, 9.6), "jaq": (4.0, 4.0),
         "tweet-stream-all-cores": (0.5, 1.0), "jq-all-cores": (10.0, 9.6),
         "jaq-all-cores": (4.0, 4.0)}
    t.update(over)
    return {"rounds": 5, "load_before": ["1.50", "1.00", "0.50"],
            "load_after": ["2.00", "1.10", "0.60"],
            "results": {k: {"wall_median": w, "cpu_median": c} for k, (w, c) in t.items()}}


def ceiling(*gb_per_cpu_s):
    return [{"mode": m, "implementation": "haswell", "gb_per_s": g, "gb_per_cpu_s": g}
            for m, g in gb_per_cpu_s]


class CeilingTest(unittest.TestCase):
    def test_medians_per_mode(self):
        gbs, gbc, n = replay_report.ceiling_medians(
            ceiling(("stage1", 3.0), ("fields", 1.0), ("stage1", 5.0), ("stage1", 4.0)))
        self.assertEqual(gbs, {"stage1": 4.0, "fields": 1.0})
        self.assertEqual(gbc, {"stage1": 4.0, "fields": 1.0})
        self.assertEqual(n, {"stage1": 3, "fields": 1})

    def test_a_missing_mode_has_no_median(self):
        gbs, _, n = replay_report.ceiling_medians(ceiling(("stage1", 3.0)))
        self.assertEqual(list(gbs), ["stage1"])
        self.assertEqual(n["fields"], 0)


class ReportTest(unittest.TestCase):
    def run_report(self, ceil=(), others=(), **over):
        return replay_report.report(times(**over), POSTS, SIZE, list(ceil), "3", "200",
                                    list(others), ENV)

    def test_ratios_against_jq_and_jaq(self):
        lines, rows = self.run_report()
        self.assertIn("  tweet-stream / jq: 10.0x (wall), 12.0x (cpu)", lines)
        self.assertIn("  tweet-stream / jaq: 4.0x (wall), 5.0x (cpu)", lines)
        self.assertIn("  tweet-stream / jq: 20.0x (wall)", lines)  # all cores: 10 s / 0.5 s
        self.assertIn("  tweet-stream  wall   1.000 s = 1,000,000 records/s (2.000 GB/s); "
                      "cpu   0.800 s", lines)
        self.assertIn("all 2 cores:", lines)
        tail = " | DATE, load 1.50 | `scripts/bench-replay --size 200 --runs 3` |"
        self.assertEqual(rows[0], "| replay v1.1, one core, wall | 1,000,000 rec/s | jaq 3.1.2 "
                         "250,000 rec/s | **4.0×**" + tail)
        self.assertEqual(rows[4], "| replay v1.1, one core, CPU | 1,250,000 rec/CPU s | jq-1.6 "
                         "104,167 rec/CPU s | 12.0×" + tail)
        self.assertEqual(len(rows), 6)

    def test_each_rounds_ratio_with_its_median_and_range(self):
        d = times()
        d["results"]["tweet-stream"]["cpu"] = [1.0, 0.5, 2.0]
        d["results"]["jaq"]["cpu"] = [30.0, 10.0, 50.0]  # 30x, 20x, 25x
        d["results"]["jq"]["cpu"] = [40.0, 20.0]  # not one per round: left out
        lines, rows = replay_report.report(d, POSTS, SIZE, [], "3", "200", [], ENV)
        self.assertIn("  round by round, tweet-stream / jaq (cpu): 30.0 20.0 25.0: median 25.0x, "
                      "lowest 20.0x", lines)
        self.assertFalse(any("round by round, tweet-stream / jq " in l for l in lines))
        self.assertEqual(len(rows), 9)
        self.assertEqual(rows[3], "| replay v1.1, one core, CPU, each round's ratio (median; "
                         "lowest–highest) | 1,250,000 rec/CPU s | jaq 3.1.2 250,000 rec/CPU s | "
                         "25.0× (20.0–30.0×) | DATE, load 1.50 | `scripts/bench-replay --size 200 "
                         "--runs 3` |")

    def test_the_best_round_of_each(self):
        # Each command's least CPU time, whichever rounds they fell in: 0.5 s and 10 s.
        d = times()
        d["results"]["tweet-stream"]["cpu"] = [1.0, 0.5, 2.0]
        d["results"]["jaq"]["cpu"] = [30.0, 10.0, 50.0]
        d["results"]["jq"]["cpu"] = [12.0, 40.0, 20.0]
        lines, rows = replay_report.report(d, POSTS, SIZE, [], "3", "200", [], ENV)
        self.assertIn("  best of 3, tweet-stream / jaq (cpu): 0.500 s against 10.000 s: 20.0x",
                      lines)
        self.assertIn("  best of 3, tweet-stream / jq (cpu): 0.500 s against 12.000 s: 24.0x",
                      lines)
        self.assertEqual(rows[4], "| replay v1.1, one core, CPU, the best round of each | "
                         "2,000,000 rec/CPU s | jaq 3.1.2 100,000 rec/CPU s | 20.0× | DATE, load "
                         "1.50 | `scripts/bench-replay --size 200 --runs 3` |")
        # Without the rounds' times (an older times file) there is no best round.
        lines, rows = self.run_report()
        self.assertFalse(any("best of" in l for l in lines))
        self.assertFalse(any("best round" in r for r in rows))

    def test_the_header_names_file_tools_and_load(self):
        lines, _ = self.run_report()
        self.assertEqual(lines[0], "file: 2000 MB, 1000000 posts; cpu: CPU; jq-1.6; jaq 3.1.2; "
                         "load average 1.50 1.00 0.50 before, 2.00 1.10 0.60 after")
        self.assertEqual(lines[1], "medians of 5 interleaved rounds")

    def test_share_of_the_parse_only_ceiling(self):
        # tweet-stream: 2 GB over 0.8 CPU s = 2.5 GB per CPU s; stage 1 alone does 10.
        lines, rows = self.run_report(ceil=ceiling(("stage1", 10.0), ("fields", 5.0)))
        self.assertIn("  stage1  10.000 GB/s wall, 10.000 GB per CPU second = 5,000,000 records "
                      "per CPU second; tweet-stream is 25% of it (CPU), 20% (wall)", lines)
        self.assertIn("| replay v1.1, one core, GB per CPU s | 2.50 GB/s | simdjson On-Demand, "
                      "the record's fields 5.00 GB/s | 50% of the ceiling", rows[7])

    def test_other_sources(self):
        self.assertEqual(replay_report.parse_other("jetstream=500:50000000"),
                         ("jetstream", 500, 50000000))
        lines, rows = self.run_report(others=[("jetstream", 500_000, 50_000_000)],
                                      jetstream=(0.5, 0.25))
        self.assertEqual(lines[-1], "jetstream replay, one core: 50 MB, 500000 records, wall 0.500 s "
                         "= 1,000,000 records/s (0.100 GB/s), cpu 0.250 s = 2,000,000 records/s")
        self.assertTrue(rows[-1].startswith("| replay jetstream, one core, CPU | 2,000,000 rec/CPU "
                                            "s | v1.1 replay 1,250,000 rec/CPU s | (no outside "
                                            "anchor) |"))


if __name__ == "__main__":
    unittest.main()
