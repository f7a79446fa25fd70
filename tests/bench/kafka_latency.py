#!/usr/bin/env python3
"""Produce-to-consume latency of a live pipeline.

  kafka_latency.py pace RATE SECONDS < records > fifo   write lines at RATE per second
  kafka_latency.py measure < kafka-sub -J -u output     per message: now - message timestamp;
                                                        prints count, p50, p99, max (ms)
"""
import json
import sys
import time

from pacing import paced, quantile


def pace(rate, seconds):
    out = sys.stdout
    tick = max(1, int(rate / 1000))
    for i, line, _ in paced(sys.stdin, rate, seconds):
        out.write(line)
        # Flush in ticks of about a millisecond's worth of records, as a live source would.
        if (i + 1) % tick == 0:
            out.flush()
    out.flush()


def measure():
    lat = []
    for line in sys.stdin:
        now = time.time() * 1000
        m = json.loads(line)
        lat.append(now - m["ts"])
    lat.sort()
    if not lat:
        print("latency: no messages")
        return 1
    print("latency: n %d p50 %.1f ms p99 %.1f ms max %.1f ms"
          % (len(lat), quantile(lat, 0.5), quantile(lat, 0.99), lat[-1]))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "pace":
        pace(float(sys.argv[2]), float(sys.argv[3]))
    else:
        sys.exit(measure())
