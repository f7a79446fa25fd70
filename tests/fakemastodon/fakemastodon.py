#!/usr/bin/env python3
"""A scripted fake of Mastodon's streaming API (Server-Sent Events), for tests.

    fakemastodon.py --scenario SCENARIO.json --log REQUESTS.jsonl [--port 0]

Listens on 127.0.0.1 (a free port unless --port), prints the port on stdout, then serves until
killed. It speaks the streaming API as Mastodon's streaming server does: GET
/api/v1/streaming/{public,public/local,public/remote,hashtag,hashtag/local,user,...}, the access
token as "Authorization: Bearer" (401 {"error": ...} without it or with a wrong one), a
text/event-stream response that starts with the ":)" comment, heartbeats as ":thump" comments,
and events as "event: NAME" + "data: PAYLOAD" + a blank line (update and status.update carry a
status JSON, delete a status id). Every request is logged as one JSON line (t, path, query,
auth); every stream connection also logs an "end" line when it finishes.

Scenario (JSON object):
  token        the access token the server wants; any request without it gets 401
  stream       one entry per stream connection, in order:
                 {"status": 403, "error": "..."}  an error response, then close
                 {"drop": true}                   close without any response
                 {"content_type": "text/html"}    a 200 that is no event stream
                 {"events": [...]}                a 200 event stream
               events: {"update": STATUS} / {"edit": STATUS} / {"delete": ID} / {"event": NAME,
                 "data": TEXT}: one event; {"heartbeat": N}: N ":thump" comments;
                 {"raw": TEXT}: bytes as they are (after UTF-8 encoding, or {"raw_hex": HEX});
                 {"huge": N}: an update event whose data is N bytes, sent in pieces;
                 {"sleep": S}: no bytes for S seconds; {"abort": true}: close mid-stream;
                 {"end": true}: finish cleanly (also the default after the last event);
                 {"hold": true}: a heartbeat every 0.2 s until the client goes away;
                 {"firehose": {"status": STATUS, "rate": R, "seconds": S}}: R updates a second
                 for S seconds, copies of STATUS with their own id and uri, a heartbeat every
                 15 s (scripts/bench-mastodon).
  then         after the listed connections: "hold" (default: heartbeats) or a connection
               entry to repeat.
"""
import json
import os
import sys
import time
from urllib.parse import urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fakes"))
import scripted_http  # noqa: E402

STREAM_PATHS = {
    "/api/v1/streaming/public", "/api/v1/streaming/public/local",
    "/api/v1/streaming/public/remote", "/api/v1/streaming/hashtag",
    "/api/v1/streaming/hashtag/local", "/api/v1/streaming/user",
    "/api/v1/streaming/user/notification", "/api/v1/streaming/list",
    "/api/v1/streaming/direct",
}


def make_state(scenario, log_path):
    return scripted_http.State(scenario, log_path, {"events": [{"hold": True}]})


def sse(name, data):
    lines = "".join("data: %s\n" % part for part in data.split("\n"))
    return ("event: %s\n%s\n" % (name, lines)).encode("utf-8")


class Handler(scripted_http.Handler):
    server_version = "fakemastodon/1"

    def send_error_json(self, status, error):
        self.send_json(status, {"error": error})

    def do_GET(self):
        url = urlsplit(self.path)
        auth = self.headers.get("Authorization", "")
        self.state.record({"event": "request", "path": url.path, "query": url.query, "auth": auth,
                           "accept": self.headers.get("Accept", "")})
        if url.path not in STREAM_PATHS:
            return self.send_error_json(404, "Not found")
        want = self.state.scenario.get("token")
        if want is not None and auth != "Bearer " + want:
            # What Mastodon's streaming server answers (streaming/index.js).
            return self.send_error_json(
                401, "Missing access token" if not auth else "Invalid access token")
        i, plan = self.state.next_connection()
        try:
            self.stream(plan)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.state.record({"event": "end", "conn": i})
        self.close_connection = True

    def write(self, data):
        self.wfile.write(data)
        self.wfile.flush()

    def stream(self, plan):
        if plan.get("drop"):
            return
        if "status" in plan:
            return self.send_error_json(plan["status"], plan.get("error", "Error"))
        self.send_response(200)
        self.send_header("Content-Type", plan.get("content_type", "text/event-stream"))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        if plan.get("content_type"):
            self.write(b"<!DOCTYPE html><html><body>not a stream</body></html>\n")
            return
        self.write(b":)\n")
        for ev in plan.get("events", []):
            if "update" in ev:
                self.write(sse("update", json.dumps(ev["update"], ensure_ascii=False)))
            elif "edit" in ev:
                self.write(sse("status.update", json.dumps(ev["edit"], ensure_ascii=False)))
            elif "delete" in ev:
                self.write(sse("delete", str(ev["delete"])))
            elif "event" in ev:
                self.write(sse(ev["event"], ev.get("data", "")))
            elif "heartbeat" in ev:
                for _ in range(ev["heartbeat"]):
                    self.write(b":thump\n")
            elif "raw" in ev:
                self.write(ev["raw"].encode("utf-8"))
            elif "raw_hex" in ev:
                self.write(bytes.fromhex(ev["raw_hex"]))
            elif "huge" in ev:
                n = ev["huge"]
                self.write(b'event: update\ndata: {"uri":"https://fake.example/huge","content":"')
                chunk = b"x" * 65536
                sent = 0
                while sent < n:
                    part = chunk[: min(len(chunk), n - sent)]
                    self.write(part)
                    sent += len(part)
                self.write(b'","created_at":"2024-05-01T12:00:00.000Z"}\n\n')
            elif "sleep" in ev:
                time.sleep(ev["sleep"])
            elif ev.get("abort"):
                return
            elif ev.get("end"):
                return
            elif "firehose" in ev:
                self.firehose(ev["firehose"])
            elif ev.get("hold"):
                while True:
                    self.write(b":thump\n")
                    time.sleep(0.2)


    def firehose(self, f):
        base = dict(f["status"])
        rate, seconds = f["rate"], f["seconds"]
        t0 = time.monotonic()
        n = 0
        beat = t0
        while True:
            now = time.monotonic()
            if now - t0 >= seconds:
                return
            due = int((now - t0) * rate)
            batch = []
            while n < due:
                n += 1
                base["id"] = str(n)
                base["uri"] = f"https://fake.example/users/a/statuses/{n}"
                batch.append(sse("update", json.dumps(base, ensure_ascii=False)))
            if batch:
                self.write(b"".join(batch))
            if now - beat >= 15:
                self.write(b":thump\n")
                beat = now
            time.sleep(0.01)


def main():
    scripted_http.serve(__doc__, Handler, make_state)


if __name__ == "__main__":
    main()
