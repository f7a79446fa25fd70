"""What the scripted fake HTTP servers (tests/fakex/fakex.py, tests/fakemastodon/fakemastodon.py)
share: the scenario and request log, the connection plan, JSON answers and the command line.

A fake's scenario is a JSON object whose "stream" lists one plan per stream connection, in
order; after them comes "then" ("hold", the default: the fake's hold plan, or a plan to repeat).
Every request and event is logged as one JSON line with its monotonic time "t".
"""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    """The scenario, the request log and the count of stream connections (thread-safe)."""

    def __init__(self, scenario, log_path, hold_plan):
        self.scenario = scenario
        self.hold_plan = hold_plan
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1, encoding="utf-8")
        self.conn = 0

    def record(self, entry):
        entry["t"] = time.monotonic()
        with self.lock:
            self.log.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def next_connection(self):
        """(index, plan) of the next stream connection."""
        with self.lock:
            i = self.conn
            self.conn += 1
        plan = self.scenario.get("stream", [])
        if i < len(plan):
            return i, plan[i]
        then = self.scenario.get("then", "hold")
        return i, (self.hold_plan if then == "hold" else then)


class Handler(BaseHTTPRequestHandler):
    """HTTP/1.1, no access log, the server's State as self.state."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    @property
    def state(self):
        return self.server.state

    def send_json(self, status, obj, extra=None):
        """A JSON answer with Content-Length, then the connection closes."""
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        self.close_connection = True


def serve(doc, handler, make_state):
    """The fakes' command line: --scenario SCENARIO.json --log REQUESTS.jsonl [--port 0].
    Listens on 127.0.0.1, prints the port on stdout, serves until killed (or interrupted).
    make_state(scenario, log_path) gives the server's State."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    with open(args.scenario, encoding="utf-8") as f:
        scenario = json.load(f)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    server.daemon_threads = True
    server.state = make_state(scenario, args.log)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
