#!/usr/bin/env python3
"""A scripted fake of the X API v2 filtered stream and its rules endpoints, for tests.

    fakex.py --scenario SCENARIO.json --log REQUESTS.jsonl [--port 0]

Listens on 127.0.0.1 (a free port unless --port), prints the port on stdout, then serves until
killed. Every request is appended to the log as one JSON line (t, method, path, query, body,
auth); every stream connection also logs an "end" line when the server finishes it, so tests can
measure the client's reconnect delays.

Scenario (JSON object):
  token        expected bearer token; anything else gets 401 (optional)
  rules        initial rules [{"id","value","tag"}]
  stream       one entry per stream connection, in order:
                 {"status": 503}                       error response, then close
                 {"status": 429, "reset_in": 120}      with x-rate-limit-reset = now + 120 s
                 {"drop": true}                        close without any response
                 {"status": 200, "gzip": false, "events": [...]}
               events: {"line": TEXT} one chunk TEXT + "\\r\\n"; {"raw": TEXT} one chunk as is;
                 {"huge": N} a post line of N bytes in many chunks;
                 {"split": TEXT, "parts": N} TEXT + "\\r\\n" in N chunks; {"keepalive": N};
                 {"sleep": S} (no bytes, also "stall"); {"abort": true} close mid-stream;
                 {"end": true} finish the response cleanly (also the default after the last);
                 {"hold": true} send a keep-alive every 0.2 s until the client goes away;
                 {"posts": N, "interval": S, "first_id": K, "langs": ["en", "de"]} N post
                 lines (ids K, K+1, ..., langs in turn), one every S seconds, stopping as soon
                 as the client has closed the connection.
               The "end" log line of a 200 stream says how many post lines were written
               ("written") and whether the client closed the connection ("how": "client-gone").
  then         after the listed connections: "hold" (default: 200 + keep-alives) or a
               connection entry to repeat.
  one_connection  true: like X, a stream request while another stream connection is open gets
               HTTP 429 with the TooManyConnections problem (and uses no "stream" entry).
"""
import json
import os
import select
import socket
import sys
import time
import zlib
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fakes"))
import scripted_http  # noqa: E402

PROBLEMS = {
    401: {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
    403: {"title": "Forbidden", "type": "about:blank", "status": 403, "detail": "Forbidden"},
    429: {"title": "Too Many Requests", "type": "about:blank", "status": 429,
          "detail": "Too Many Requests"},
    503: {"title": "Service Unavailable", "type": "about:blank", "status": 503,
          "detail": "Service Unavailable"},
}
# What X answers a second connection to a stream that is at its connection limit.
TOO_MANY_CONNECTIONS = {
    "title": "ConnectionException",
    "detail": "This stream is currently at the maximum allowed connection limit.",
    "connection_issue": "TooManyConnections",
    "type": "https://api.twitter.com/2/problems/streaming-connection",
}


def v2_post(post_id, lang):
    """One v2 filtered-stream line for a post matched by the rule tagged "tweetmap"."""
    return json.dumps({
        "data": {"id": str(post_id), "text": "post %d" % post_id, "lang": lang,
                 "created_at": "2024-05-01T12:00:00.000Z", "author_id": "42"},
        "includes": {"users": [{"id": "42", "username": "mapper", "name": "Map Per"}]},
        "matching_rules": [{"id": "1", "tag": "tweetmap"}]})


class State(scripted_http.State):
    def __init__(self, scenario, log_path):
        super().__init__(scenario, log_path, {"status": 200, "events": [{"hold": True}]})
        self.rules = [dict(r) for r in scenario.get("rules", [])]
        self.next_id = 1900000000000000000
        self.open_streams = 0


class Handler(scripted_http.Handler):
    server_version = "fakex/1"

    def body_text(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n).decode("utf-8", "replace") if n else ""

    def authorized(self):
        want = self.state.scenario.get("token")
        return want is None or self.headers.get("Authorization") == "Bearer " + want

    def handle_request(self, method):
        url = urlsplit(self.path)
        body = self.body_text() if method == "POST" else ""
        self.state.record({"event": "request", "method": method, "path": url.path,
                           "query": url.query, "body": body,
                           "auth": self.headers.get("Authorization", ""),
                           "accept_encoding": self.headers.get("Accept-Encoding", "")})
        if url.path == "/2/tweets/search/stream/rules":
            if not self.authorized():
                return self.send_json(401, PROBLEMS[401])
            return self.rules_get() if method == "GET" else self.rules_post(url, body)
        if url.path == "/2/tweets/search/stream" and method == "GET":
            return self.stream()
        self.send_json(404, {"title": "Not Found Error", "detail": "no such endpoint",
                             "type": "about:blank", "status": 404})

    def do_GET(self):
        self.handle_request("GET")

    def do_POST(self):
        self.handle_request("POST")

    # ---- rules ----
    def rules_get(self):
        sent = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        with self.state.lock:
            rules = [dict(r) for r in self.state.rules]
        out = {"meta": {"sent": sent, "result_count": len(rules)}}
        if rules:
            out["data"] = rules
        self.send_json(200, out)

    def rules_post(self, url, body):
        dry = parse_qs(url.query).get("dry_run", ["false"])[0] == "true"
        try:
            req = json.loads(body)
        except ValueError:
            return self.send_json(400, {"title": "Invalid Request", "detail": "bad JSON",
                                        "type": "about:blank", "status": 400})
        sent = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        errors, data = [], []
        with self.state.lock:
            if "add" in req:
                values = {r["value"] for r in self.state.rules}
                created = 0
                for r in req["add"]:
                    v = r.get("value", "")
                    if v.count("(") != v.count(")") or "INVALID" in v:
                        errors.append({"value": v, "details": ["invalid rule"],
                                       "title": "UnprocessableEntity",
                                       "type": "https://api.twitter.com/2/problems/invalid-rules"})
                        continue
                    if v in values:
                        errors.append({"value": v, "id": "0", "title": "DuplicateRule",
                                       "type": "https://api.twitter.com/2/problems/duplicate-rules"})
                        continue
                    self.state.next_id += 1
                    rule = {"value": v, "id": str(self.state.next_id)}
                    if "tag" in r:
                        rule["tag"] = r["tag"]
                    data.append(rule)
                    values.add(v)
                    created += 1
                if not dry:
                    self.state.rules.extend(data)
                summary = {"created": created, "not_created": len(req["add"]) - created,
                           "valid": created, "invalid": len(req["add"]) - created}
            else:
                ids = req.get("delete", {}).get("ids", [])
                have = {r["id"] for r in self.state.rules}
                deleted = [i for i in ids if i in have]
                for i in ids:
                    if i not in have:
                        errors.append({"value": i, "title": "RuleNotFound",
                                       "type": "https://api.twitter.com/2/problems/not-found"})
                if not dry:
                    self.state.rules = [r for r in self.state.rules if r["id"] not in deleted]
                summary = {"deleted": len(deleted), "not_deleted": len(ids) - len(deleted)}
        out = {"meta": {"sent": sent, "summary": summary}}
        if data:
            out["data"] = data
        if errors:
            out["errors"] = errors
        self.send_json(200, out)

    # ---- stream ----
    def stream(self):
        if self.state.scenario.get("one_connection"):
            with self.state.lock:
                busy = self.state.open_streams > 0
                if not busy:
                    self.state.open_streams += 1
            if busy:
                self.state.record({"event": "end", "conn": None, "how": "too-many-connections"})
                return self.send_json(429, TOO_MANY_CONNECTIONS)
        try:
            self.stream_counted()
        finally:
            if self.state.scenario.get("one_connection"):
                with self.state.lock:
                    self.state.open_streams -= 1

    def client_gone(self, timeout):
        """True once the client closed the connection (waits up to `timeout` seconds)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], timeout)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def stream_counted(self):
        index, plan = self.state.next_connection()
        how = "error"
        self.written = 0
        try:
            if not self.authorized():
                self.send_json(401, PROBLEMS[401])
            elif plan.get("drop"):
                how = "drop"
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
            elif plan.get("status", 200) != 200:
                status = plan["status"]
                extra = dict(plan.get("headers", {}))
                if "reset_in" in plan:
                    extra["x-rate-limit-reset"] = str(int(time.time() + plan["reset_in"]))
                self.send_json(status, plan.get("body", PROBLEMS.get(status, {"status": status})),
                               extra)
            else:
                how = self.stream_ok(plan)
        except (BrokenPipeError, ConnectionResetError):
            how = "client-gone"
        self.state.record({"event": "end", "conn": index, "how": how, "written": self.written})

    def stream_ok(self, plan):
        use_gzip = plan.get("gzip", False)
        z = zlib.compressobj(6, zlib.DEFLATED, 31) if use_gzip else None
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True

        def chunk(data):
            if isinstance(data, str):
                data = data.encode("utf-8", "surrogateescape")
            if z:
                data = z.compress(data) + z.flush(zlib.Z_SYNC_FLUSH)
            if data:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()

        for ev in plan.get("events", []):
            if "line" in ev:
                chunk(ev["line"] + "\r\n")
                self.written += 1
            elif "posts" in ev:
                langs = ev.get("langs", ["en"])
                first = int(ev.get("first_id", 1))
                for i in range(int(ev["posts"])):
                    if self.client_gone(float(ev.get("interval", 0.02))):
                        return "client-gone"
                    chunk(v2_post(first + i, langs[i % len(langs)]) + "\r\n")
                    self.written += 1
            elif "raw" in ev:
                chunk(ev["raw"])
            elif "split" in ev:
                data = (ev["split"] + "\r\n").encode("utf-8", "surrogateescape")
                parts = max(1, int(ev.get("parts", 2)))
                step = max(1, -(-len(data) // parts))
                for i in range(0, len(data), step):
                    chunk(data[i:i + step])
                    time.sleep(0.01)
            elif "huge" in ev:
                # A line of about ev["huge"] bytes, sent in 64 KiB chunks.
                chunk('{"data":{"id":"9","text":"')
                left = int(ev["huge"])
                while left > 0:
                    n = min(left, 65536)
                    chunk(b"a" * n)
                    left -= n
                chunk('"}}\r\n')
            elif "keepalive" in ev:
                for _ in range(int(ev["keepalive"])):
                    chunk("\r\n")
            elif "sleep" in ev or "stall" in ev:
                time.sleep(float(ev.get("sleep", ev.get("stall"))))
            elif ev.get("abort"):
                self.connection.shutdown(socket.SHUT_RDWR)
                return "abort"
            elif ev.get("end"):
                break
            elif ev.get("hold"):
                while True:
                    if self.client_gone(0.2):
                        return "client-gone"
                    chunk("\r\n")
        if z:
            tail = z.flush(zlib.Z_FINISH)
            if tail:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(tail), tail))
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        return "end"


def main():
    scripted_http.serve(__doc__, Handler, State)


if __name__ == "__main__":
    main()
