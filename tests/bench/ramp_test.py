#!/usr/bin/env python3
"""Tests of tests/bench/ramp.py, the stop rule of scripts/bench-pipeline's rate ramps."""

import io
import os
import sys
import unittest
from contextlib import redirect_stderr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ramp  # noqa: E402

SERVE_OK = {"bench": "serve-step", "lost": 0, "seq_gaps": 0, "latency_ms": {"p99": 999.9}}
PRODUCER_OK = {"bench": "baseline-producer", "sent": 150, "offered": 150, "p99_ms": 12}
FLASK_OK = {"bench": "baseline-flask", "lost": 0, "latency_ms": {"p99": 40}}


def with_(d, **over):
    return {**d, **over}


class ShortfallTest(unittest.TestCase):
    def test_steps_within_the_limits_are_sustained(self):
        for kind, result in (("serve-step", SERVE_OK), ("baseline-producer", PRODUCER_OK),
                             ("baseline-flask", FLASK_OK)):
            self.assertIsNone(ramp.shortfall(kind, result), kind)

    def test_loss_stops_the_serve_ramp(self):
        self.assertEqual(ramp.shortfall("serve-step", with_(SERVE_OK, lost=1)), "1 records lost")

    def test_sequence_gaps_stop_the_serve_ramp(self):
        self.assertEqual(ramp.shortfall("serve-step", with_(SERVE_OK, seq_gaps=3)),
                         "3 sequence gaps")

    def test_p99_at_one_second_stops_the_ramp(self):
        r = with_(SERVE_OK, latency_ms={"p99": 1000})
        self.assertEqual(ramp.shortfall("serve-step", r), "p99 latency 1000 ms (limit 1000 ms)")
        self.assertIsNotNone(ramp.shortfall("baseline-producer", with_(PRODUCER_OK, p99_ms=1500)))
        self.assertIsNotNone(
            ramp.shortfall("baseline-flask", with_(FLASK_OK, latency_ms={"p99": 1000.1})))

    def test_a_producer_that_falls_behind_stops(self):
        self.assertEqual(ramp.shortfall("baseline-producer", with_(PRODUCER_OK, sent=149)),
                         "sent 149 of 150 offered")

    def test_a_flask_client_that_lost_records_stops(self):
        self.assertEqual(ramp.shortfall("baseline-flask", with_(FLASK_OK, lost=4)),
                         "a client lost 4 records")
        # lost is the largest shortfall over clients; a client that got more (replay) is fine.
        self.assertIsNone(ramp.shortfall("baseline-flask", with_(FLASK_OK, lost=-2)))

    def test_a_result_missing_a_field_is_not_sustained(self):
        r = dict(SERVE_OK)
        del r["seq_gaps"]
        self.assertEqual(ramp.shortfall("serve-step", r), "no seq_gaps in the result")
        self.assertEqual(ramp.shortfall("serve-step", with_(SERVE_OK, latency_ms=None)),
                         "no latency_ms.p99 in the result")
        self.assertEqual(ramp.shortfall("baseline-flask", with_(FLASK_OK, lost="0")),
                         "no lost in the result")

    def test_an_unknown_kind_is_not_sustained(self):
        self.assertEqual(ramp.shortfall("peak", SERVE_OK), "unknown kind 'peak'")


class MainTest(unittest.TestCase):
    def run_main(self, argv, text):
        err = io.StringIO()
        with redirect_stderr(err):
            rc = ramp.main(argv, io.StringIO(text))
        return rc, err.getvalue()

    def test_exit_status_says_whether_to_go_on(self):
        self.assertEqual(self.run_main(["serve-step"], '{"lost":0,"seq_gaps":0,'
                                       '"latency_ms":{"p99":5}}\n'), (0, ""))
        rc, err = self.run_main(["serve-step"], '{"lost":2,"seq_gaps":0,"latency_ms":{"p99":5}}')
        self.assertEqual(rc, 1)
        self.assertIn("serve-step not sustained: 2 records lost", err)

    def test_bad_input_is_not_sustained(self):
        self.assertEqual(self.run_main(["serve-step"], "not json")[0], 1)
        self.assertEqual(self.run_main(["serve-step"], "[1, 2]")[0], 1)
        self.assertEqual(self.run_main([], "{}")[0], 2)


if __name__ == "__main__":
    unittest.main()
