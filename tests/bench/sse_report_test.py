#!/usr/bin/env python3
"""Tests of tests/bench/sse_report.py, the arithmetic and the report of scripts/bench-sse."""

import io
import math
import os
import sys
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sse_report  # noqa: E402


def run(*argv):
    out = io.StringIO()
    with redirect_stdout(out):
        rc = sse_report.main(list(argv))
    return rc, out.getvalue()


def tsv(rate, kind, p99, us, cores, dps):
    return [str(rate), kind, str(p99), str(us), str(cores), str(dps)]


class ArithmeticTest(unittest.TestCase):
    def test_cpu_usage(self):
        # 200 ticks of 100 Hz over 4 s: half a core; 2 s of CPU for 1e6 deliveries: 2 µs each.
        cores, us, feeder = sse_report.cpu_usage(200, 40, 100, 4.0, 1_000_000)
        self.assertAlmostEqual(cores, 0.5)
        self.assertAlmostEqual(us, 2.0)
        self.assertAlmostEqual(feeder, 0.1)

    def test_no_deliveries_is_infinite_cost(self):
        self.assertTrue(math.isinf(sse_report.cpu_usage(10, 0, 100, 1.0, 0)[1]))
        self.assertEqual(run("cpu", "10", "0", "100", "5.0", "6.0", "0"), (0, "0.10 inf 0.00\n"))

    def test_cpu_command_takes_the_wall_seconds_between_two_timestamps(self):
        self.assertEqual(run("cpu", "300", "50", "100", "1764650000.25", "1764650002.75", "1500"),
                         (0, "1.20 2000.00 0.20\n"))

    def test_ratio_rounds_to_one_decimal(self):
        self.assertEqual(run("ratio", "9600", "400"), (0, "24.0\n"))
        self.assertEqual(run("ratio", "800", "300"), (0, "2.7\n"))

    def test_field(self):
        self.assertEqual(run("field", '{"p99_ms": 12, "connected": 1000}', "connected"),
                         (0, "1000\n"))

    def test_unknown_use_is_exit_2(self):
        with redirect_stderr(io.StringIO()) as err:
            self.assertEqual(run("ratio", "1"), (2, ""))
        self.assertIn("sse_report.py ratio A B", err.getvalue())


class CompareTest(unittest.TestCase):
    ROWS = [tsv(100, "sse", 10, 2.0, 0.4, 99000), tsv(100, "nchan", 30, 6.0, 0.8, 98000),
            tsv(100, "sse", 14, 4.0, 0.6, 99500), tsv(100, "nchan", 50, 7.0, 1.0, 97000),
            tsv(1000, "sse", 0, 0, 0.5, 990000), tsv(1000, "flask", 900, 80, 1.9, 60000)]

    def test_medians_per_rate_and_server_in_order(self):
        med = sse_report.medians(self.ROWS)
        self.assertEqual(list(med), [("100", "sse"), ("100", "nchan"), ("1000", "sse"),
                                     ("1000", "flask")])
        self.assertEqual(med[("100", "sse")],
                         {"p99": 12.0, "us": 3.0, "cores": 0.5, "dps": 99250.0, "n": 2})
        self.assertEqual(med[("100", "nchan")]["p99"], 40.0)

    def test_compare_lines(self):
        lines = sse_report.compare_lines(sse_report.medians(self.ROWS), 1000)
        self.assertEqual(lines[0], "compare: 1000 clients, 100 events/s, sse-serve: median of 2: "
                         "p99 12 ms, 99,250 deliveries/s, server 0.50 cores, 3.00 us CPU per "
                         "delivery")
        self.assertIn("Flask (original design): median of 1: p99 900 ms", lines[3])

    def test_summary_rows_against_sse_serve(self):
        rows = sse_report.summary_rows(sse_report.medians(self.ROWS), 1000, "3", "0.75",
                                       "100 1000", "8", "DATE")
        cmd = ("`BENCH_COMPARE_CLIENTS=1000 BENCH_COMPARE_RATES='100 1000' BENCH_COMPARE_ROUNDS=3 "
               "BENCH_STEP_SECONDS=8 scripts/bench-sse compare` |")
        self.assertEqual(rows[0], "summary: | SSE p99 latency, 1,000 clients × 100 events/s | "
                         "12 ms | nchan 1.3.6 40 ms | 3.3× | DATE, load 0.75 | " + cmd)
        self.assertEqual(rows[1], "summary: | SSE server CPU per delivery, 1,000 clients × 100 "
                         "events/s | 3.00 µs | nchan 1.3.6 6.50 µs | 2.2× | DATE, load 0.75 | " + cmd)
        # sse-serve at 0 ms and 0 µs: no ratio to give.
        self.assertIn("| Flask (original design) 900 ms | n/a |", rows[2])
        self.assertIn("| Flask (original design) 80.00 µs | n/a |", rows[3])
        self.assertEqual(len(rows), 4)

    def test_a_server_without_an_sse_serve_run_at_its_rate_has_no_row(self):
        rows = sse_report.summary_rows(sse_report.medians([tsv(100, "nchan", 30, 6, 1, 9)]),
                                       10, "1", "0", "100", "8", "DATE")
        self.assertEqual(rows, [])


def step(n, kind, p99, us, ok):
    return [str(n), kind, str(p99), str(us), "0.5", "10000", "1" if ok else "0"]


class RatioStepsTest(unittest.TestCase):
    def write(self, rows):
        import tempfile
        f = tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False)
        f.write("".join("\t".join(r) + "\n" for r in rows))
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_medians_over_the_rounds_of_each_step(self):
        rows = [step(100, "sse", 2, 10.0, True), step(100, "sse", 30, 12.0, True),
                step(100, "sse", 3, 11.0, True)]
        m = sse_report.step_rows(rows)[(100, "sse")]
        self.assertEqual((m["p99"], m["us"], m["n"], m["passed"]), (3.0, 11.0, 3, True))

    def test_a_step_passes_on_most_rounds_and_a_missing_result_is_infinite(self):
        rows = [step(800, "nchan", 900, 13.0, True), step(800, "nchan", -1, "inf", False),
                step(800, "nchan", 1200, 14.0, False)]
        m = sse_report.step_rows(rows)[(800, "nchan")]
        self.assertFalse(m["passed"])
        self.assertEqual(m["p99"], 1200.0)
        self.assertEqual(sse_report.passed(rows, 800, ["nchan"]), [])
        rows[2] = step(800, "nchan", 950, 14.0, True)
        self.assertEqual(sse_report.passed(rows, 800, ["sse", "nchan"]), ["nchan"])

    def test_ratio_line_and_ahead_at_every_step(self):
        rows = [step(100, "sse", 2, 10.0, True), step(100, "nchan", 4, 13.0, True),
                step(200, "sse", 3, 9.0, True), step(200, "nchan", 1500, 12.0, False)]
        lines = sse_report.steps_report(rows, "100", 200, ["sse", "nchan"])
        self.assertIn("ratio: clients served at p99 < 1 s at 100 events/s: sse 200 nchan 100, "
                      "sse/nchan 2.0x (sse-serve passed every step: a lower bound)", lines)
        self.assertTrue(lines[-1].startswith("ahead: sse-serve's median p99 and CPU per delivery "
                                             "were below nchan 1.3.6 at every step"), lines[-1])
        self.assertTrue(any(l.endswith(": failed") and "200 clients, nchan" in l for l in lines))

    def test_a_step_where_sse_serve_is_not_below_is_named(self):
        rows = [step(400, "sse", 8, 10.0, True), step(400, "nchan", 7, 14.0, True)]
        last = sse_report.steps_report(rows, "100", 9600, ["sse", "nchan"])[-1]
        self.assertEqual(last, "ahead: not at every step: 400 clients p99 8 vs nchan 1.3.6 7 ms")

    def test_commands(self):
        path = self.write([step(100, "sse", 2, 10.0, True), step(100, "flask", 2000, 90.0, False)])
        self.assertEqual(run("passed", path, "100", "sse", "flask"), (0, "sse\n"))
        rc, out = run("steps", path, "100", "9600", "sse", "flask")
        self.assertEqual(rc, 0)
        self.assertIn("ratio: clients served at p99 < 1 s at 100 events/s: sse 100 flask 0\n", out)


if __name__ == "__main__":
    unittest.main()
