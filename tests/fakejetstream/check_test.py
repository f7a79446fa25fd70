#!/usr/bin/env python3
"""Tests of tests/fakejetstream/check.py, the verdicts of the tweet-stream bluesky tests."""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EVENTS = os.path.join(HERE, "events.jsonl")


def write(lines):
    f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
    for l in lines:
        f.write((l if isinstance(l, str) else json.dumps(l)) + "\n")
    f.close()
    return f.name


def verdict(*args):
    out = io.StringIO()
    with redirect_stdout(out):
        rc = check.main(["check.py", *args])
    return rc, out.getvalue()


class Records(unittest.TestCase):
    def setUp(self):
        self.exp = check.expected(json.loads(l) for l in open(EVENTS, encoding="utf-8"))

    def test_expected_fields(self):
        r = self.exp["at://did:plc:user01/app.bsky.feed.post/3l3qopost0001"]
        self.assertEqual(r["tags"], ["lisboa", "verao", "portugal"])
        self.assertEqual(r["lang"], "pt")
        far = self.exp["at://did:plc:user04/app.bsky.feed.post/3l3qopost0004"]
        self.assertEqual(far["ts"], 1725911166000)  # createdAt in 2001: time_us instead

    def test_all_records_pass_and_a_duplicate_fails(self):
        good = write(self.exp.values())
        self.assertEqual(verdict("records", good, EVENTS, "--all")[0], 0)
        recs = list(self.exp.values())
        self.assertEqual(verdict("records", write(recs + recs[:1]), EVENTS)[0], 1)
        self.assertEqual(verdict("records", write(recs[1:]), EVENTS, "--all")[0], 1)
        bad = dict(recs[0], tags=["X"])
        self.assertEqual(verdict("records", write([bad]), EVENTS)[0], 1)


class Logs(unittest.TestCase):
    def test_resume(self):
        ok = write([{"event": "connect", "n": 0, "t": 0, "cursor": None},
                    {"event": "sent", "n": 0, "last_time_us": 100_000_000},
                    {"event": "connect", "n": 1, "t": 1, "cursor": 95_000_000}])
        self.assertEqual(verdict("resume", ok)[0], 0)
        late = write([{"event": "connect", "n": 0, "t": 0, "cursor": None},
                      {"event": "sent", "n": 0, "last_time_us": 100_000_000},
                      {"event": "connect", "n": 1, "t": 1, "cursor": 100_000_000}])
        self.assertEqual(verdict("resume", late)[0], 1)
        none = write([{"event": "connect", "n": 0, "t": 0, "cursor": None},
                      {"event": "sent", "n": 0, "last_time_us": 100_000_000},
                      {"event": "connect", "n": 1, "t": 1, "cursor": None}])
        self.assertEqual(verdict("resume", none)[0], 1)

    def test_connections_and_gaps(self):
        log = write([{"event": "connect", "n": 0, "t": 0.0}, {"event": "end", "n": 0, "t": 0.1},
                     {"event": "connect", "n": 1, "t": 0.2}, {"event": "end", "n": 1, "t": 0.3},
                     {"event": "connect", "n": 2, "t": 0.31}])
        self.assertEqual(verdict("connections", log, "3", "3")[0], 0)
        self.assertEqual(verdict("connections", log, "4", "9")[0], 1)
        self.assertEqual(verdict("gaps", log, "5")[0], 0)
        self.assertEqual(verdict("gaps", log, "50")[0], 1)


if __name__ == "__main__":
    unittest.main()
