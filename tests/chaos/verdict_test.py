#!/usr/bin/env python3
"""Tests of tests/chaos/verdict.py, the pass/fail logic of scripts/chaos."""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verdict  # noqa: E402

SENT = {str(i) for i in range(100)}
ALL_ROLES_MEM = {r: 50 * 1024 for r in verdict.SAMPLED_ROLES} | {"broker1": 900 * 1024}


def client(n, **over):
    c = {"client": n, "duplicates": 0, "seq_gaps": 0, "resets": 0, "connects": 1, "churned": False}
    c.update(over)
    return c


def run(**over):
    args = dict(sent=SENT, client_ids={0: set(SENT), 1: set(SENT)},
                per_client=[client(0), client(1)], total=len(SENT), mem_limit=256, src_dups=0,
                sink_missing=0, sink_dups=0, partial=0,
                kills={"sink": 1, "mapsub": 1, "sse": 1, "broker": 1}, rate=100.0, replay_s=60,
                seconds=60, mem=dict(ALL_ROLES_MEM))
    args.update(over)
    return verdict.judge(**args)


class JudgeTest(unittest.TestCase):
    def test_a_clean_run_passes(self):
        s = run()
        self.assertEqual(s["problems"], [])
        self.assertEqual(s["posts"], 100)
        self.assertEqual(s["peak_rss_mib"]["sse"], 50.0)

    def test_a_post_an_sse_client_missed_fails(self):
        s = run(client_ids={0: SENT - {"7"}, 1: set(SENT)})
        self.assertEqual(len(s["problems"]), 1, s["problems"])
        self.assertIn("SSE client 0 missed 1 of 100", s["problems"][0])
        self.assertIn("'7'", s["problems"][0])
        self.assertEqual(s["sse_clients"][0]["missing"], 1)

    def test_a_client_with_no_ids_file_missed_everything(self):
        s = run(client_ids={0: set(SENT)})
        self.assertIn("SSE client 1 missed 100 of 100", " ".join(s["problems"]))

    def test_sequence_gaps_fail(self):
        s = run(per_client=[client(0), client(1, seq_gaps=2)])
        self.assertEqual(s["problems"], ["SSE client 1: 2 gaps in one epoch's sequence"])

    def test_loss_at_the_kafka_sink_fails(self):
        s = run(sink_missing=3)
        self.assertEqual(s["problems"], ["sink 1 (kafka-sub -G) misses 3 of 100 posts"])

    def test_sink_duplicates_up_to_the_bound_pass_and_beyond_fail(self):
        # (1 sink kill + 1 broker kill) * 100/s * 5 s + 100/s * 5 s = 1500
        sink_bound, _ = verdict.duplicate_bounds(
            {"sink": 1, "mapsub": 0, "sse": 0, "broker": 1}, 100.0, 60)
        self.assertEqual(sink_bound, 1500)
        self.assertEqual(run(sink_dups=1500)["problems"], [])
        self.assertIn("more than the bound 1500", run(sink_dups=1501)["problems"][0])

    def test_sse_duplicates_bound_grows_with_map_restarts(self):
        # (1 + 1 restarts) * 100/s * (60 + 10) s + 100/s * 5 s = 14500
        _, sse_bound = verdict.duplicate_bounds(
            {"sink": 0, "mapsub": 1, "sse": 1, "broker": 0}, 100.0, 60)
        self.assertEqual(sse_bound, 14500)
        self.assertEqual(run(per_client=[client(0, duplicates=14500), client(1)])["problems"], [])
        s = run(per_client=[client(0, duplicates=14501), client(1)])
        self.assertEqual(s["problems"], ["SSE client 0 has 14501 duplicates (bound 14500)"])

    def test_memory_over_the_limit_fails_except_for_the_broker(self):
        mem = dict(ALL_ROLES_MEM, trends=300 * 1024)
        self.assertEqual(run(mem=mem)["problems"],
                         ["trends peaked at 300.0 MiB (limit 256 MiB)"])
        self.assertEqual(run(mem=dict(ALL_ROLES_MEM, broker2=4000 * 1024))["problems"], [])

    def test_a_role_never_sampled_fails(self):
        mem = dict(ALL_ROLES_MEM)
        del mem["pub"]
        self.assertEqual(run(mem=mem)["problems"], ["no memory samples for pub"])

    def test_peak_mem_keeps_each_roles_maximum(self):
        self.assertEqual(verdict.peak_mem(["sse 10\n", "sse 30\n", "pub 5\n", "\n", "sse 20\n"]),
                         {"sse": 30, "pub": 5})


def schedule_times(n, scale, factor=1.0):
    """Connection times of a client that waits `factor` times X's schedule between attempts."""
    t, out = 1000.0, []
    for k in range(n):
        if k:
            t += factor * min(k * 0.25, 16.0) * scale
        out.append(t)
    return out


class StormTest(unittest.TestCase):
    def test_a_client_on_the_schedule_passes(self):
        summary, problems = verdict.storm_check(schedule_times(30, 0.1), 0.1)
        self.assertEqual(problems, [])
        self.assertEqual(summary["connections"], 30)

    def test_the_cap_of_16_s_is_the_longest_wait_asked(self):
        _, problems = verdict.storm_check(schedule_times(80, 1.0), 1.0)
        self.assertEqual(problems, [])

    def test_a_tight_reconnect_loop_fails(self):
        times = [1000 + i * 0.0002 for i in range(5000)]  # the storm issue 19 found: 4,600/s
        summary, problems = verdict.storm_check(times, 0.1)
        self.assertEqual(summary["max_per_second"], 5000)
        self.assertTrue(problems and "wait 1 was 0 ms, the schedule asks 25 ms" in problems[0])

    def test_waits_half_the_schedule_fail(self):
        _, problems = verdict.storm_check(schedule_times(20, 1.0, factor=0.5), 1.0)
        self.assertTrue(problems)

    def test_no_retry_at_all_fails(self):
        _, problems = verdict.storm_check([5.0], 1.0)
        self.assertIn("did not retry", problems[0])

    def test_judge_reports_the_storm(self):
        summary = run(storm=([1000 + i * 0.001 for i in range(10)], 1.0))
        self.assertTrue(any("reconnect storm" in p for p in summary["problems"]))
        self.assertEqual(summary["reconnect_storm"]["connections"], 10)


class MainTest(unittest.TestCase):
    def make_work(self, root, client1_ids):
        with open(f"{root}/sent.ids", "w") as f:
            f.write("\n".join(sorted(SENT)) + "\n")
        os.makedirs(f"{root}/ids")
        for n, ids in ((0, SENT), (1, client1_ids)):
            with open(f"{root}/ids/client-{n}.ids", "w") as f:
                f.write("\n".join(sorted(ids)) + "\n")
        with open(f"{root}/clients.json", "w") as f:
            json.dump({"per_client": [client(0), client(1)]}, f)
        with open(f"{root}/mem.txt", "w") as f:
            for role in verdict.SAMPLED_ROLES:
                f.write(f"{role} 1000\n{role} 2048\n")

    def main(self, work):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            rc = verdict.main([work, "100", "256", "0", "0", "0", "0", "1", "1", "1", "1", "100",
                               "60", "60"])
        return rc, out.getvalue(), err.getvalue()

    def test_passing_run_writes_the_summary(self):
        with tempfile.TemporaryDirectory() as work:
            self.make_work(work, SENT)
            rc, out, err = self.main(work)
            self.assertEqual((rc, err), (0, ""))
            with open(f"{work}/summary.json") as f:
                summary = json.load(f)
            self.assertEqual(summary, json.loads(out))
            self.assertEqual(summary["peak_rss_mib"]["sse"], 2.0)

    def test_failing_run_says_why_and_exits_1(self):
        with tempfile.TemporaryDirectory() as work:
            self.make_work(work, SENT - {"42"})
            rc, _, err = self.main(work)
            self.assertEqual(rc, 1)
            self.assertIn("FAIL: SSE client 1 missed 1 of 100 posts (e.g. ['42'])", err)

    def test_wrong_argument_count_is_a_usage_error(self):
        with redirect_stderr(io.StringIO()):
            self.assertEqual(verdict.main(["only-one"]), 2)


if __name__ == "__main__":
    unittest.main()
