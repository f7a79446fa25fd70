#!/usr/bin/env python3
"""Tests of tests/fakes/scripted_http.py, what the fake X and Mastodon servers share."""

import http.client
import json
import os
import sys
import tempfile
import threading
import unittest
from http.server import ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scripted_http  # noqa: E402

HOLD = {"events": [{"hold": True}]}


class StateTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.log = os.path.join(self.dir.name, "log.jsonl")

    def tearDown(self):
        self.dir.cleanup()

    def state(self, scenario):
        return scripted_http.State(scenario, self.log, HOLD)

    def test_connections_follow_the_stream_list_then_hold(self):
        s = self.state({"stream": [{"drop": True}, {"status": 503}]})
        self.assertEqual([s.next_connection() for _ in range(4)],
                         [(0, {"drop": True}), (1, {"status": 503}), (2, HOLD), (3, HOLD)])

    def test_then_repeats_its_plan(self):
        s = self.state({"then": {"status": 429}})
        self.assertEqual([s.next_connection() for _ in range(2)],
                         [(0, {"status": 429}), (1, {"status": 429})])

    def test_record_writes_one_timed_json_line(self):
        s = self.state({})
        s.record({"event": "request", "path": "/é"})
        s.record({"event": "end"})
        s.log.close()
        with open(self.log, encoding="utf-8") as f:
            lines = [json.loads(l) for l in f]
        self.assertEqual([l["event"] for l in lines], ["request", "end"])
        self.assertEqual(lines[0]["path"], "/é")
        self.assertLessEqual(lines[0]["t"], lines[1]["t"])


class Echo(scripted_http.Handler):
    def do_GET(self):
        self.send_json(418, {"path": self.path}, extra={"X-Fake": "1"})


class HandlerTest(unittest.TestCase):
    def test_send_json_answers_and_closes(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
            conn.request("GET", "/x?y=1")
            r = conn.getresponse()
            body = r.read()
            self.assertEqual(r.status, 418)
            self.assertEqual(r.getheader("Content-Type"), "application/json; charset=utf-8")
            self.assertEqual(r.getheader("Content-Length"), str(len(body)))
            self.assertEqual(r.getheader("Connection"), "close")
            self.assertEqual(r.getheader("X-Fake"), "1")
            self.assertEqual(json.loads(body), {"path": "/x?y=1"})
            conn.close()
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()
