#!/usr/bin/env python3
"""The report lines of scripts/bench-geocode.

    geocode_report.py speed TIMES.json POSTS NAME
        "-- NAME: ..." lines of one interleave.py run of --geocode none and all over POSTS posts:
        wall and CPU medians, records per CPU second, the CPU cost per post of --geocode all.
    geocode_report.py summary DIR RUNS
        "summary:" rows (docs/PERFORMANCE.md) from DIR/geocode-accuracy.json
        (geocode_accuracy.py --json) and DIR/geocode-speed-NAME.json and .posts of the
        profiles-hidden-x60 and replay-v1-100MB runs.
"""
import json
import sys
import time

ACCURACY_FILES = ("v1-world-stream-2015", "v1-profile-locations-dev")
SPEED_RUNS = (("profiles-hidden-x60", "every post geocoded"),
              ("replay-v1-100MB", "posts with places: checked only"))
OURS, CARMEN = "tweetmap --geocode all", "carmen 2.0.0"


def cost_us(results, posts):
    """Microseconds of CPU per post that --geocode all costs over --geocode none."""
    return (results["all"]["cpu_median"] - results["none"]["cpu_median"]) / posts * 1e6


def speed_lines(times, posts, name):
    r = times["results"]
    out = []
    for k in ("none", "all"):
        out.append(f"-- {name}: --geocode {k}: wall {r[k]['wall_median']:.3f} s, cpu "
                   f"{r[k]['cpu_median']:.3f} s = {posts / r[k]['cpu_median']:,.0f} records per "
                   f"CPU second")
    out.append(f"-- {name}: cost of --geocode all: {cost_us(r, posts):.2f} us CPU per post "
               f"({posts} posts), all/none {r['all']['cpu_median'] / r['none']['cpu_median']:.2f}x; "
               f"load average {' '.join(times['load_before'])}")
    return out


def pick(accuracy, file, system):
    """The accuracy row of `system` over all posts of the fixture whose name starts with `file`."""
    return next((r for r in accuracy if r["file"].startswith(file) and r["system"] == system
                 and r["subset"] == "all"), None)


def summary_rows(accuracy, speeds, runs, load, date):
    """accuracy: geocode_accuracy.py's rows; speeds: {name: (interleave results, posts)}."""
    cmd = f"scripts/bench-geocode --runs {runs}"
    rows = []
    for f in ACCURACY_FILES:
        ours, carmen = pick(accuracy, f, OURS), pick(accuracy, f, CARMEN)
        if not ours or not carmen:
            continue
        rows.append(f"summary: | geocode accuracy, right country of all posts ({f}, places hidden) | "
                    f"{100 * ours['correct_of_all']:.1f} % | carmen 2.0.0 "
                    f"{100 * carmen['correct_of_all']:.1f} % | "
                    f"{100 * (ours['correct_of_all'] - carmen['correct_of_all']):+.1f} points | "
                    f"{date}, load {load} | `{cmd}` |")
    for name, label in SPEED_RUNS:
        r, n = speeds[name]
        rows.append(f"summary: | replay --geocode all, one core CPU ({label}) | "
                    f"{cost_us(r, n):.2f} µs per post more | --geocode none "
                    f"{r['none']['cpu_median']:.3f} s for {n:,} posts | "
                    f"{r['all']['cpu_median'] / r['none']['cpu_median']:.2f}× the time | "
                    f"{date}, load {load} | `{cmd}` |")
    return rows


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv):
    if len(argv) == 4 and argv[0] == "speed":
        for line in speed_lines(load_json(argv[1]), int(argv[2]), argv[3]):
            print(line)
        return 0
    if len(argv) == 3 and argv[0] == "summary":
        d, runs = argv[1], argv[2]
        speeds = {}
        for name, _ in SPEED_RUNS:
            with open(f"{d}/geocode-speed-{name}.posts", encoding="utf-8") as f:
                speeds[name] = (load_json(f"{d}/geocode-speed-{name}.json")["results"], int(f.read()))
        load = load_json(f"{d}/geocode-speed-profiles-hidden-x60.json")["load_before"][0]
        date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        for row in summary_rows(load_json(f"{d}/geocode-accuracy.json"), speeds, runs, load, date):
            print(row)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
