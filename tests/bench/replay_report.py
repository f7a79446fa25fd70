#!/usr/bin/env python3
"""The report of scripts/bench-replay: medians, records/s, GB/s, the ratios against jq and jaq
(of the medians, of each round, and between the best round of each),
the share of the simdjson parse-only ceiling, and "summary:" rows for docs/PERFORMANCE.md.

    replay_report.py --jaq JAQ TIMES.json POSTS BYTES CEILING.jsonl RUNS MB [NAME=RECORDS:BYTES...]

TIMES.json is interleave.py's output for the commands tweet-stream, jq, jaq (pinned to one
core), tweet-stream-all-cores, jq-all-cores, jaq-all-cores and one per NAME (another source's
replay, pinned); POSTS and BYTES are the v1.1 file's records and size; CEILING.jsonl holds
simdjson-ceiling's lines (mode stage1 or fields); RUNS and MB are the script's --runs and
--size. JAQ is the jaq binary (for its --version).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def ceiling_medians(ceil):
    """({mode: median GB/s wall}, {mode: median GB per CPU s}, {mode: samples}) of the stage1
    and fields lines of simdjson-ceiling."""
    by_mode = {m: [c for c in ceil if c["mode"] == m] for m in ("stage1", "fields")}
    gbs = {m: statistics.median(c["gb_per_s"] for c in v) for m, v in by_mode.items() if v}
    gbc = {m: statistics.median(c["gb_per_cpu_s"] for c in v) for m, v in by_mode.items() if v}
    return gbs, gbc, {m: len(v) for m, v in by_mode.items()}


def cpu_times(res, anchor):
    """(tweet-stream's, the anchor's) CPU times of the rounds, one core, in round order
    (interleave.py keeps them); empty lists when they are not there."""
    return res["tweet-stream"].get("cpu") or [], res[anchor].get("cpu") or []


def round_ratios(res, anchor):
    """The anchor's CPU time over tweet-stream's, one core, in each round; [] when the times
    are not there."""
    ours, theirs = cpu_times(res, anchor)
    if not ours or len(ours) != len(theirs):
        return []
    return [b / a for a, b in zip(ours, theirs) if a > 0]


def best_times(res, anchor):
    """(tweet-stream's, the anchor's) least CPU time of the rounds, one core: the round each
    ran least disturbed, as interference on a shared core only adds time; None when the times
    are not there."""
    ours, theirs = cpu_times(res, anchor)
    if not ours or not theirs or min(ours) <= 0:
        return None
    return min(ours), min(theirs)


def parse_other(spec):
    """NAME=RECORDS:BYTES -> (NAME, RECORDS, BYTES)."""
    name, _, rest = spec.partition("=")
    n, _, b = rest.partition(":")
    return name, int(n), int(b)


def report(d, posts, size, ceil, runs, mb, others, env):
    """(lines, summary rows). d: interleave.py's JSON; others: parse_other tuples; env: model,
    jq, jaq (their --version), cores (the CPUs this process may use) and date."""
    res = d["results"]
    wall = {k: v["wall_median"] for k, v in res.items()}
    cpu = {k: v["cpu_median"] for k, v in res.items()}
    jqv, jaqv = env["jq"], env["jaq"]
    out = []
    load = f"load average {' '.join(d['load_before'])} before, {' '.join(d['load_after'])} after"
    out.append(f"file: {size / 1e6:.0f} MB, {posts} posts; cpu: {env['model']}; {jqv}; {jaqv}; {load}")
    out.append(f"medians of {d['rounds']} interleaved rounds")
    t = wall["tweet-stream"]
    tc = cpu["tweet-stream"]
    out.append("one core (taskset):")
    for k in ("tweet-stream", "jq", "jaq"):
        out.append(f"  {k:13} wall {wall[k]:7.3f} s = {posts / wall[k]:>9,.0f} records/s "
                   f"({size / wall[k] / 1e9:.3f} GB/s); cpu {cpu[k]:7.3f} s")
    for a in ("jq", "jaq"):
        out.append(f"  tweet-stream / {a}: {wall[a] / t:.1f}x (wall), {cpu[a] / tc:.1f}x (cpu)")
    per_round = {a: round_ratios(res, a) for a in ("jq", "jaq")}
    for a, r in per_round.items():
        if r:
            out.append(f"  round by round, tweet-stream / {a} (cpu): "
                       f"{' '.join(f'{x:.1f}' for x in r)}: median {statistics.median(r):.1f}x, "
                       f"lowest {min(r):.1f}x")
    best = {a: best_times(res, a) for a in ("jq", "jaq")}
    for a, b in best.items():
        if b:
            out.append(f"  best of {len(res['tweet-stream']['cpu'])}, tweet-stream / {a} (cpu): "
                       f"{b[0]:.3f} s against {b[1]:.3f} s: {b[1] / b[0]:.1f}x")
    ta = wall["tweet-stream-all-cores"]
    out.append(f"all {env['cores']} cores:")
    for k in ("tweet-stream-all-cores", "jq-all-cores", "jaq-all-cores"):
        out.append(f"  {k:23} wall {wall[k]:7.3f} s = {posts / wall[k]:>9,.0f} records/s")
    for a in ("jq", "jaq"):
        out.append(f"  tweet-stream / {a}: {wall[a + '-all-cores'] / ta:.1f}x (wall)")
    gbs, gbc, samples = ceiling_medians(ceil)
    impl = ceil[0]["implementation"] if ceil else "?"
    ts_gbs, ts_gbc = size / t / 1e9, size / tc / 1e9
    out.append(f"parse-only ceiling (simdjson {impl} kernel, one core, file in memory, median of "
               f"{samples['stage1']}):")
    out.append(f"  tweet-stream replay: {ts_gbs:.3f} GB/s wall, {ts_gbc:.3f} GB per CPU second "
               f"(read(2) and output included)")
    for m in gbs:
        out.append(f"  {m:7} {gbs[m]:.3f} GB/s wall, {gbc[m]:.3f} GB per CPU second = "
                   f"{posts * gbc[m] * 1e9 / size:,.0f} records per CPU second; tweet-stream is "
                   f"{ts_gbc / gbc[m]:.0%} of it (CPU), {ts_gbs / gbs[m]:.0%} (wall)")
    rows = []
    cmd = f"scripts/bench-replay --size {mb} --runs {runs}"
    lb = d["load_before"][0]

    def row(measure, ours, anchor, ratio):
        rows.append(f"| {measure} | {ours} | {anchor} | {ratio} | {env['date']}, load {lb} | `{cmd}` |")

    for a, an in (("jaq", jaqv), ("jq", jqv)):
        row("replay v1.1, one core, wall", f"{posts / t:,.0f} rec/s",
            f"{an} {posts / wall[a]:,.0f} rec/s", f"**{wall[a] / t:.1f}×**")
        row("replay v1.1, one core, CPU", f"{posts / tc:,.0f} rec/CPU s",
            f"{an} {posts / cpu[a]:,.0f} rec/CPU s", f"{cpu[a] / tc:.1f}×")
        row("replay v1.1, whole machine, wall", f"{posts / ta:,.0f} rec/s",
            f"{an} {posts / wall[a + '-all-cores']:,.0f} rec/s", f"{wall[a + '-all-cores'] / ta:.1f}×")
        r = per_round[a]
        if r:
            row("replay v1.1, one core, CPU, each round's ratio (median; lowest–highest)",
                f"{posts / tc:,.0f} rec/CPU s", f"{an} {posts / cpu[a]:,.0f} rec/CPU s",
                f"{statistics.median(r):.1f}× ({min(r):.1f}–{max(r):.1f}×)")
        b = best[a]
        if b:
            row("replay v1.1, one core, CPU, the best round of each",
                f"{posts / b[0]:,.0f} rec/CPU s",
                f"{an} {posts / b[1]:,.0f} rec/CPU s", f"{b[1] / b[0]:.1f}×")
    for m, label in (("stage1", "simdjson stage 1 alone"),
                     ("fields", "simdjson On-Demand, the record's fields")):
        if m in gbc:
            row("replay v1.1, one core, GB per CPU s", f"{ts_gbc:.2f} GB/s",
                f"{label} {gbc[m]:.2f} GB/s", f"{ts_gbc / gbc[m]:.0%} of the ceiling")
    for name, n, b in others:
        w = wall[name]
        out.append(f"{name} replay, one core: {b / 1e6:.0f} MB, {n} records, wall {w:.3f} s = "
                   f"{n / w:,.0f} records/s ({b / w / 1e9:.3f} GB/s), cpu {cpu[name]:.3f} s = "
                   f"{n / cpu[name]:,.0f} records/s")
        row(f"replay {name}, one core, CPU", f"{n / cpu[name]:,.0f} rec/CPU s",
            f"v1.1 replay {posts / tc:,.0f} rec/CPU s", "(no outside anchor)")
    return out, rows


def version(exe):
    return subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()


def cpu_model():
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        return next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")


def main(argv):
    ap = argparse.ArgumentParser(prog="replay_report.py")
    ap.add_argument("--jaq", required=True)
    ap.add_argument("times")
    ap.add_argument("posts", type=int)
    ap.add_argument("bytes", type=int)
    ap.add_argument("ceiling")
    ap.add_argument("runs")
    ap.add_argument("mb")
    ap.add_argument("others", nargs="*", metavar="NAME=RECORDS:BYTES")
    args = ap.parse_args(argv)
    with open(args.times, encoding="utf-8") as f:
        d = json.load(f)
    with open(args.ceiling, encoding="utf-8") as f:
        ceil = [json.loads(l) for l in f]
    env = {"model": cpu_model(), "jq": version("jq"), "jaq": version(args.jaq),
           "cores": len(os.sched_getaffinity(0)),
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    lines, rows = report(d, args.posts, args.bytes, ceil, args.runs, args.mb,
                         [parse_other(s) for s in args.others], env)
    for line in lines:
        print(line)
    for r in rows:
        print("summary: " + r)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
