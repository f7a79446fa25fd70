"""Paced feeds and latency quantiles for the live benchmarks (kafka_latency.py, orig_producer.py).
"""
import time


def paced(lines, rate, seconds, clock=time.monotonic, sleep=time.sleep):
    """Yields (i, line, due) for the first rate * seconds lines, line i not before its due time
    start + i / rate (clock seconds): a feed of `rate` lines a second, as a live source sends."""
    total = int(rate * seconds)
    start = clock()
    for i, line in enumerate(lines):
        if i >= total:
            break
        due = start + i / rate
        delay = due - clock()
        if delay > 0:
            sleep(delay)
        yield i, line, due


def quantile(ordered, q):
    """The q-quantile (0..1) of a sorted non-empty list, nearest rank from below (q=1: the
    largest)."""
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
