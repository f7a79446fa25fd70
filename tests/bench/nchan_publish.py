#!/usr/bin/env python3
"""Feeds nchan for scripts/bench-sse: every line on stdin becomes one message, POSTed to the
nchan_publisher location as it arrives: the same record feed (`sse-load feed`) that sse-serve
reads on its stdin. One kept-alive HTTP/1.1 connection by default: nchan took the feed at full
rate over one, and fell behind (seconds late at 200 clients x 100 events/s) with 4 or 16 POSTing
at once; CONNS is there to try that again.

    sse-load feed --rate 100 --seconds 0 | nchan_publish.py PORT [PATH] [CONNS]

Exits 0 at the end of stdin, 1 (one line on stderr) when nchan refuses a message or a
connection fails.
"""
import http.client
import queue
import sys
import threading

failed = threading.Event()


def worker(port, path, q):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json"}
    while (body := q.get()) is not None:
        try:
            conn.request("POST", path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
        except (OSError, http.client.HTTPException) as e:
            print(f"nchan_publish: {e}", file=sys.stderr)
            failed.set()
            return
        # 201 Created (the channel's first message) or 202 Accepted.
        if resp.status not in (200, 201, 202):
            print(f"nchan_publish: POST {path}: HTTP {resp.status}", file=sys.stderr)
            failed.set()
            return


def main():
    port = int(sys.argv[1])
    path = sys.argv[2] if len(sys.argv) > 2 else "/pub"
    conns = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    q = queue.Queue(maxsize=10000)  # bounded: a stalled nchan stops the feed, not our memory
    threads = [threading.Thread(target=worker, args=(port, path, q), daemon=True)
               for _ in range(conns)]
    for t in threads:
        t.start()
    for line in sys.stdin.buffer:
        if failed.is_set():
            return 1
        body = line.rstrip(b"\r\n")
        if body:
            q.put(body)
    for _ in threads:
        q.put(None)
    for t in threads:
        t.join()
    return 1 if failed.is_set() else 0


if __name__ == "__main__":
    sys.exit(main())
