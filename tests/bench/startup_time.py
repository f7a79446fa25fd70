#!/usr/bin/env python3
"""Start-up time of programs (scripts/bench-package): each one run RUNS times with --version,
output discarded; one line per program with the median, minimum and maximum in milliseconds.

    startup_time.py [--runs N] EXE...       (default 10 runs)

A program that exits non-zero stops the measurement (exit 1).
"""
import argparse
import statistics
import subprocess
import sys
import time


def times_ms(exe, runs, clock=time.perf_counter):
    """Wall milliseconds of `runs` runs of EXE --version."""
    ms = []
    for _ in range(runs):
        t = clock()
        subprocess.run([exe, "--version"], stdout=subprocess.DEVNULL, check=True)
        ms.append((clock() - t) * 1000)
    return ms


def line(exe, ms):
    return (f"{exe.rsplit('/', 1)[-1]:14} --version median {statistics.median(ms):6.2f} ms "
            f"(min {min(ms):.2f}, max {max(ms):.2f})")


def main(argv):
    ap = argparse.ArgumentParser(prog="startup_time.py")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("exes", nargs="+", metavar="EXE")
    args = ap.parse_args(argv)
    for exe in args.exes:
        try:
            ms = times_ms(exe, args.runs)
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"startup_time.py: {exe}: {e}", file=sys.stderr)
            return 1
        print(line(exe, ms), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
