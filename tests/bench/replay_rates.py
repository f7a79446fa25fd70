#!/usr/bin/env python3
"""Prints records/s and MB/s of hyperfine results (scripts/bench-replay-mastodon).

    replay_rates.py HYPERFINE.json NAME=RECORDS:BYTES...

For each NAME (a hyperfine command name): wall median and CPU mean (user + system), records/s
and MB/s of both, then each later NAME relative to the first.
"""
import json
import os
import statistics
import sys


def main(argv):
    d = json.load(open(argv[1]))
    res = {r["command"]: r for r in d["results"]}
    rows = []
    for spec in argv[2:]:
        name, rest = spec.split("=", 1)
        records, size = (int(x) for x in rest.split(":"))
        r = res[name]
        wall = statistics.median(r["times"])
        cpu = r["user"] + r["system"]
        rows.append((name, records, size, wall, cpu))
    print(f"load average {open('/proc/loadavg').read().split()[0]}; {os.cpu_count()} cpus")
    for name, records, size, wall, cpu in rows:
        print(f"{name}: {size / 1e6:.0f} MB, {records} records; wall median {wall:.3f} s = "
              f"{records / wall:,.0f} records/s ({size / wall / 1e6:.0f} MB/s); cpu {cpu:.3f} s = "
              f"{records / cpu:,.0f} records/s")
    base = rows[0]
    for name, records, size, wall, cpu in rows[1:]:
        print(f"{base[0]} / {name}: records/s {(base[1] / base[3]) / (records / wall):.2f}x (wall), "
              f"{(base[1] / base[4]) / (records / cpu):.2f}x (cpu); MB/s "
              f"{(base[2] / base[3]) / (size / wall):.2f}x (wall)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
