#!/usr/bin/env python3
"""Runs benchmark commands interleaved: round 1 runs every command once, round 2 again (in a
rotated order), and so on, so that a burst of other work on a shared machine lands on every
command alike instead of on whichever hyperfine happened to be timing. Prints JSON: per command
the wall and CPU (user+sys of the child and its children) times of every round, their medians,
and the load average before and after.

    interleave.py --rounds 5 [--warmup 1] [--before CMD] NAME=COMMAND [NAME=COMMAND ...] > times.json

--before CMD runs (untimed) before every timed command: a benchmark over files in the page cache
reads them there first, so that no command pays for pages the kernel reclaimed while the
commands before it ran (proactive reclaim, such as DAMON's, takes pages idle for seconds).

Each COMMAND runs under /bin/sh -c; a non-zero exit stops the run (exit 1, the command's name
and status on stderr).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(["/bin/sh", "-c", cmd])
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    return os.waitstatus_to_exitcode(status), wall, ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--before", metavar="CMD", help="run untimed before every timed command")
    ap.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = ap.parse_args()
    cmds = []
    for c in args.commands:
        name, sep, cmd = c.partition("=")
        if not sep or not name:
            ap.error(f"not NAME=COMMAND: {c}")
        cmds.append((name, cmd))
    res = {name: {"command": cmd, "wall": [], "cpu": []} for name, cmd in cmds}
    load_before = open("/proc/loadavg").read().split()[:3]
    for r in range(args.warmup + args.rounds):
        k = r % len(cmds)
        for name, cmd in cmds[k:] + cmds[:k]:
            if args.before:
                rc, _, _ = run_once(args.before)
                if rc != 0:
                    print(f"interleave: --before exited {rc}: {args.before}", file=sys.stderr)
                    sys.exit(1)
            rc, wall, cpu = run_once(cmd)
            if rc != 0:
                print(f"interleave: {name} exited {rc}: {cmd}", file=sys.stderr)
                sys.exit(1)
            if r >= args.warmup:
                res[name]["wall"].append(wall)
                res[name]["cpu"].append(cpu)
    for v in res.values():
        v["wall_median"] = statistics.median(v["wall"])
        v["cpu_median"] = statistics.median(v["cpu"])
    json.dump({"rounds": args.rounds, "load_before": load_before,
               "load_after": open("/proc/loadavg").read().split()[:3], "results": res},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
