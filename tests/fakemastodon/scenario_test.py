#!/usr/bin/env python3
"""Tests of tests/fakemastodon/scenario.py, the scenarios built from a file of statuses."""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario  # noqa: E402

S1 = {"id": "1", "uri": "https://m.example/1", "content": "<p>one</p>"}
S2 = {"id": "2", "uri": "https://m.example/2", "content": "<p>two</p>"}


class ScenarioTest(unittest.TestCase):
    def test_firehose_copies_the_first_status(self):
        s = scenario.firehose(json.dumps(S1) + "\n", "tok", 2000, 210)
        self.assertEqual(s, {"token": "tok", "stream": [{"events": [
            {"firehose": {"status": S1, "rate": 2000, "seconds": 210}}]}]})

    def test_statuses_are_updates_then_hold(self):
        lines = [json.dumps(S1) + "\n", "not json\n", json.dumps(S2) + "\n"]
        s = scenario.statuses(lines, "tok")
        self.assertEqual(s["token"], "tok")
        self.assertEqual(s["stream"], [{"events": [{"update": S1}, {"update": S2},
                                                   {"hold": True}]}])

    def test_main_reads_the_file_and_prints_one_json_line(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "statuses.jsonl")
            with open(path, "w") as f:
                f.write(json.dumps(S2) + "\n" + json.dumps(S1) + "\n")
            out = io.StringIO()
            with redirect_stdout(out):
                self.assertEqual(scenario.main(["firehose", path, "t", "5", "7"]), 0)
            self.assertEqual(out.getvalue().count("\n"), 1)
            got = json.loads(out.getvalue())
            self.assertEqual(got["stream"][0]["events"][0]["firehose"]["status"], S2)
            self.assertEqual(got["stream"][0]["events"][0]["firehose"]["seconds"], 7)


if __name__ == "__main__":
    unittest.main()
