#!/usr/bin/env python3
"""Time to answer sse-serve's GET /trends?bbox= (the trends of a map view), one keep-alive client.

usage: view_trends_latency.py PORT [N]   (N requests per box, default 2000)
Prints, for a world, a continent and a city box, the median and p95 of the answer time and the
answer's size. The server must have read a trends snapshot (docs/PERFORMANCE.md, sse-serve).
"""
import http.client
import statistics
import sys
import time

BOXES = [("world", "-180,-90,180,90"), ("europe", "-10,35,30,60"), ("city", "-74.3,40.5,-73.7,40.9")]


def main():
    port = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    for name, box in BOXES:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        times, size = [], 0
        for _ in range(n):
            t = time.perf_counter()
            conn.request("GET", f"/trends?bbox={box}")
            answer = conn.getresponse()
            body = answer.read()
            times.append((time.perf_counter() - t) * 1e6)
            size = len(body)
            if answer.status != 200:
                sys.exit(f"view_trends_latency: {answer.status} {body[:200]!r}")
        times.sort()
        print(f"{name}: median {statistics.median(times):.0f} us, p95 {times[int(len(times) * 0.95)]:.0f} us, "
              f"answer {size} bytes")


if __name__ == "__main__":
    main()
