#!/usr/bin/env python3
"""The arithmetic of scripts/bench-kafka: elapsed seconds, messages a second and ratios, each
printed the way the benchmark's lines show it.

    rates.py secs T0 T1      T1 - T0 (date +%s.%N stamps), 3 decimals
    rates.py rate N SECS     N / SECS, no decimals
    rates.py ratio A B       A / B, 2 decimals
"""
import sys


def secs(t0, t1):
    return "%.3f" % (float(t1) - float(t0))


def rate(n, seconds):
    return "%.0f" % (float(n) / float(seconds))


def ratio(a, b):
    return "%.2f" % (float(a) / float(b))


COMMANDS = {"secs": secs, "rate": rate, "ratio": ratio}


def main(argv):
    if len(argv) != 3 or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    print(COMMANDS[argv[0]](argv[1], argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
