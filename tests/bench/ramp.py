#!/usr/bin/env python3
"""When scripts/bench-pipeline's rate ramps stop: a step is sustained when nothing was lost and
the 99th-percentile latency stayed under a second; the ramp goes on to the next rate only then.

    ramp.py KIND < LINE      exit 0: sustained; exit 1: not (the reason on stderr)

KIND is the step's "bench" field: serve-step, baseline-producer or baseline-flask. LINE is the
step's one-line JSON result. A result without the fields its kind needs is not sustained.
"""

import json
import sys

P99_LIMIT_MS = 1000


def _num(result, *path):
    v = result
    for key in path:
        if not isinstance(v, dict) or key not in v:
            raise KeyError(".".join(path))
        v = v[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise KeyError(".".join(path))
    return v


def shortfall(kind, result):
    """None when the step was sustained, else why not."""
    try:
        if kind == "serve-step":
            # Every SSE client got every record, in sequence, within the latency limit.
            if _num(result, "lost") != 0:
                return f"{_num(result, 'lost')} records lost"
            if _num(result, "seq_gaps") != 0:
                return f"{_num(result, 'seq_gaps')} sequence gaps"
            p99 = _num(result, "latency_ms", "p99")
        elif kind == "baseline-producer":
            # The producer kept up with the offered rate within the latency limit.
            if _num(result, "sent") != _num(result, "offered"):
                return f"sent {_num(result, 'sent')} of {_num(result, 'offered')} offered"
            p99 = _num(result, "p99_ms")
        elif kind == "baseline-flask":
            # The slowest client missed nothing (lost is the largest per-client shortfall).
            if _num(result, "lost") > 0:
                return f"a client lost {_num(result, 'lost')} records"
            p99 = _num(result, "latency_ms", "p99")
        else:
            return f"unknown kind {kind!r}"
    except KeyError as e:
        return f"no {e.args[0]} in the result"
    if p99 >= P99_LIMIT_MS:
        return f"p99 latency {p99} ms (limit {P99_LIMIT_MS} ms)"
    return None


def main(argv, stdin):
    if len(argv) != 1:
        print("usage: ramp.py KIND < LINE", file=sys.stderr)
        return 2
    try:
        result = json.loads(stdin.read())
    except ValueError as e:
        print(f"ramp: not JSON: {e}", file=sys.stderr)
        return 1
    why = shortfall(argv[0], result if isinstance(result, dict) else {})
    if why:
        print(f"ramp: {argv[0]} not sustained: {why}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], sys.stdin))
