#!/usr/bin/env python3
"""The arithmetic and the report of scripts/bench-sse.

    sse_report.py field JSON KEY
        KEY of the JSON object JSON (sse-load's result), as Python prints it.
    sse_report.py cpu SERVER_TICKS FEEDER_TICKS HZ T0 T1 SAMPLES
        "CORES US_PER_DELIVERY FEEDER_CORES": the server's and the feeder's CPU (clock ticks of
        HZ a second) over the wall seconds T0..T1, and the server's CPU microseconds per
        delivery (inf without deliveries).
    sse_report.py ratio A B
        A / B rounded to one decimal (clients served by sse-serve over another server's).
    sse_report.py compare TSV CLIENTS ROUNDS LOAD RATES STEP_S
        "compare:" lines (medians per rate and server) and "summary:" rows (docs/PERFORMANCE.md)
        from TSV lines RATE KIND P99_MS US_PER_DELIVERY CORES DELIVERIES_PER_S.
    sse_report.py passed TSV CLIENTS KIND...
        The KINDs that passed the step of CLIENTS (one a line, in the order given): most of
        their rounds there served every client at p99 < 1 s.
    sse_report.py steps TSV RATE MAX_STEP KIND...
        The ratio run's report from TSV lines CLIENTS KIND P99_MS US_PER_DELIVERY CORES
        DELIVERIES_PER_S PASSED (one a round; P99_MS -1 and US_PER_DELIVERY inf for a round
        without a result): "step:" medians per step and server, the "ratio:" line (clients
        served at p99 < 1 s) and an "ahead:" line: whether sse-serve's median p99 and CPU per
        delivery were below every other server's at every step both ran.
"""
import json
import math
import statistics
import sys
import time

NAMES = {"sse": "sse-serve", "nchan": "nchan 1.3.6", "flask": "Flask (original design)"}
COLUMNS = (("p99", 2), ("us", 3), ("cores", 4), ("dps", 5))


def cpu_usage(server_ticks, feeder_ticks, hz, seconds, samples):
    """(server cores, server µs per delivery, feeder cores)."""
    us = server_ticks / hz * 1e6 / samples if samples else float("inf")
    return server_ticks / hz / seconds, us, feeder_ticks / hz / seconds


def medians(rows):
    """{(rate, kind): {p99, us, cores, dps}} medians over the rounds, in the order the rates and
    kinds first appear."""
    med = {}
    for rate in dict.fromkeys(r[0] for r in rows):
        for kind in dict.fromkeys(r[1] for r in rows):
            got = [r for r in rows if r[0] == rate and r[1] == kind]
            if got:
                med[(rate, kind)] = {k: statistics.median(float(g[i]) for g in got)
                                     for k, i in COLUMNS}
                med[(rate, kind)]["n"] = len(got)
    return med


def compare_lines(med, clients):
    return [f"compare: {clients} clients, {rate} events/s, {NAMES.get(kind, kind)}: median of "
            f"{m['n']}: p99 {m['p99']:.0f} ms, {m['dps']:,.0f} deliveries/s, server "
            f"{m['cores']:.2f} cores, {m['us']:.2f} us CPU per delivery"
            for (rate, kind), m in med.items()]


def ratio(a, b):
    return f"{a / b:.1f}×" if b > 0 else "n/a"


def summary_rows(med, clients, rounds, load, rates, step, date):
    """Two rows (p99, CPU per delivery) per other server and rate, against sse-serve's."""
    cmd = (f"BENCH_COMPARE_CLIENTS={clients} BENCH_COMPARE_RATES='{rates}' "
           f"BENCH_COMPARE_ROUNDS={rounds} BENCH_STEP_SECONDS={step} scripts/bench-sse compare")
    rows = []
    for (rate, kind), a in med.items():
        s = med.get((rate, "sse"))
        if kind == "sse" or not s:
            continue
        for what, ours, theirs, r in (
                ("p99 latency", f"{s['p99']:.0f} ms", f"{a['p99']:.0f} ms", ratio(a["p99"], s["p99"])),
                ("server CPU per delivery", f"{s['us']:.2f} µs", f"{a['us']:.2f} µs",
                 ratio(a["us"], s["us"]))):
            rows.append(f"summary: | SSE {what}, {clients:,} clients × {int(rate):,} events/s | "
                        f"{ours} | {NAMES.get(kind, kind)} {theirs} | {r} | {date}, load {load} | "
                        f"`{cmd}` |")
    return rows


def step_rows(rows):
    """{(clients, kind): medians() of the step's rounds, plus passed}: a round without a result
    (P99_MS -1) counts as p99 infinite; a step is passed when most of its rounds passed."""
    rows = [[r[0], r[1], "inf" if float(r[2]) < 0 else r[2], *r[3:]] for r in rows]
    out = {}
    for (n, kind), m in medians(rows).items():
        got = [r for r in rows if r[0] == n and r[1] == kind]
        m["passed"] = sum(r[6] == "1" for r in got) * 2 > len(got)
        out[(int(n), kind)] = m
    return out


def passed(rows, clients, kinds):
    steps = step_rows(rows)
    return [k for k in kinds if steps.get((clients, k), {}).get("passed")]


def steps_report(rows, rate, max_step, kinds):
    steps = step_rows(rows)
    lines = []
    for (n, kind), m in steps.items():
        p99 = "none" if math.isinf(m["p99"]) else f"{m['p99']:.0f} ms"
        lines.append(f"step: {n} clients, {NAMES.get(kind, kind)}: median of {m['n']}: p99 {p99}, "
                     f"{m['dps']:,.0f} deliveries/s, server {m['cores']:.2f} cores, "
                     f"{m['us']:.2f} us CPU per delivery{'' if m['passed'] else ': failed'}")
    best = {k: max([n for (n, kk), m in steps.items() if kk == k and m["passed"]], default=0)
            for k in kinds}
    line = f"ratio: clients served at p99 < 1 s at {rate} events/s:"
    line += "".join(f" {k} {best[k]}" for k in kinds)
    line += "".join(f", sse/{k} {best['sse'] / best[k]:.1f}x" for k in kinds
                    if k != "sse" and best[k] > 0 and "sse" in best)
    if best.get("sse") == max_step:
        line += " (sse-serve passed every step: a lower bound)"
    lines.append(line)
    behind = []
    for (n, kind), m in steps.items():
        s = steps.get((n, "sse"))
        if kind == "sse" or s is None:
            continue
        if s["p99"] >= m["p99"] and not (math.isinf(s["p99"]) and math.isinf(m["p99"])):
            behind.append(f"{n} clients p99 {s['p99']:.0f} vs {NAMES.get(kind, kind)} "
                          f"{m['p99']:.0f} ms")
        if s["us"] >= m["us"]:
            behind.append(f"{n} clients CPU per delivery {s['us']:.2f} vs {NAMES.get(kind, kind)} "
                          f"{m['us']:.2f} us")
    others = [k for k in kinds if k != "sse"]
    if not behind:
        lines.append(f"ahead: sse-serve's median p99 and CPU per delivery were below "
                     f"{', '.join(NAMES.get(k, k) for k in others)} at every step both ran")
    else:
        lines.append("ahead: not at every step: " + "; ".join(behind))
    return lines


def main(argv):
    what, args = (argv[0], argv[1:]) if argv else ("", [])
    if what == "field" and len(args) == 2:
        print(json.loads(args[0])[args[1]])
    elif what == "cpu" and len(args) == 6:
        c, f, hz = int(args[0]), int(args[1]), int(args[2])
        cores, us, feeder = cpu_usage(c, f, hz, float(args[4]) - float(args[3]), int(args[5]))
        print(f"{cores:.2f} {us:.2f} {feeder:.2f}")
    elif what == "ratio" and len(args) == 2:
        print(round(int(args[0]) / int(args[1]), 1))
    elif what == "compare" and len(args) == 6:
        with open(args[0], encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f if l.strip()]
        clients = int(args[1])
        med = medians(rows)
        date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        for line in compare_lines(med, clients) + summary_rows(med, clients, args[2], args[3],
                                                               args[4], args[5], date):
            print(line)
    elif what in ("passed", "steps") and len(args) >= 3:
        with open(args[0], encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f if l.strip()]
        if what == "passed":
            for k in passed(rows, int(args[1]), args[2:]):
                print(k)
        else:
            for line in steps_report(rows, args[1], int(args[2]), args[3:]):
                print(line)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
