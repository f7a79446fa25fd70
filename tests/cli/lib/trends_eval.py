#!/usr/bin/env python3
"""Scores tweet-trends output against the bursts a generator injected (its --truth file).

Reads the tool's output (records and {"type":"trends"} snapshots interleaved) and the truth
(JSON lines with term, cc, cell, start, end in ms). A reported (term, region) pair is a true
positive when a burst of that term is in that country, or in that cell or one of its eight
neighbours (a burst's posts spill over a cell edge), and was reported between the burst's start
and its end plus one window. Precision and recall are over distinct (term, region) pairs,
countries and cells counted separately and together. With --naive, a top-by-count ranking of the
same windows (per region, the --top terms with the highest counts) is scored the same way.
Prints a JSON summary.
"""
import argparse
import json
import sys
from collections import defaultdict

from geohash import geohash, neighbours


def score(reported, bursts, window_ms, interval_ms):
    """reported: {(term, kind, region): [snapshot ts, ...]} -> metrics."""
    by_term = defaultdict(list)
    for b in bursts:
        by_term[b["term"]].append(b)

    def matches(term, kind, region, ts_list):
        for b in by_term.get(term, []):
            if kind == "cc" and region != b["cc"]:
                continue
            if kind == "cell" and region not in b["near"]:
                continue
            if any(b["start"] <= ts <= b["end"] + window_ms for ts in ts_list):
                return True
        return False

    out = {}
    for kinds, name in ((("cc",), "cc"), (("cell",), "cell"), (("cc", "cell"), "all")):
        pairs = {k: v for k, v in reported.items() if k[1] in kinds}
        tp = sum(1 for k, v in pairs.items() if matches(k[0], k[1], k[2], v))
        found = 0
        delays = []
        for b in bursts:
            best = None
            for kind in kinds:
                for k, v in pairs.items():
                    if k[0] != b["term"] or k[1] != kind:
                        continue
                    if kind == "cc" and k[2] != b["cc"]:
                        continue
                    if kind == "cell" and k[2] not in b["near"]:
                        continue
                    hits = [ts for ts in v if b["start"] <= ts <= b["end"] + window_ms]
                    if hits and (best is None or min(hits) < best):
                        best = min(hits)
            if best is not None:
                found += 1
                # Snapshots after the start up to the detection (1 = the first one).
                first = (b["start"] // interval_ms + 1) * interval_ms
                delays.append((best - first) // interval_ms + 1)
        n = len(pairs)
        out[name] = {
            "reported_pairs": n, "true_pairs": tp,
            "precision": round(tp / n, 4) if n else 1.0,
            "recall": round(found / len(bursts), 4) if bursts else 1.0,
            "within_two_intervals": sum(1 for d in delays if d <= 2),
            "max_delay_snapshots": max(delays) if delays else None,
            "false_pairs": sorted("%s@%s:%s" % k for k, v in pairs.items()
                                  if not matches(k[0], k[1], k[2], v))[:20],
        }
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", required=True)
    ap.add_argument("--output", required=True, help="tweet-trends output ('-' = stdin)")
    ap.add_argument("--naive", action="store_true", help="also score a top-by-count ranking")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--precision", type=int, default=4, help="geohash precision of the cells")
    a = ap.parse_args()
    bursts = [json.loads(l) for l in open(a.truth) if l.strip()]
    for b in bursts:
        # Truth from tweet-stream synth names the tag without '#' and gives a centre and a box;
        # the test generator gives the '#' and the centre cell.
        if not b["term"].startswith("#"):
            b["term"] = "#" + b["term"]
        if not b.get("cell"):
            b["cell"] = geohash(b["lat"], b["lon"], a.precision)
        b["near"] = neighbours(b["cell"])
        if b.get("bbox"):
            w, s_, e, n = b["bbox"]
            step = 0.02
            lat = s_
            while lat <= n + 1e-9:
                lon = w
                while lon <= e + 1e-9:
                    b["near"].add(geohash(lat, lon, a.precision))
                    lon += step
                lat += step

    reported = defaultdict(list)
    steady_reported = set()
    snapshots = []
    interval_ms = window_ms = None
    records = []  # (ts, tags, cc, cell) for the naive ranking
    src = sys.stdin if a.output == "-" else open(a.output, encoding="utf-8")
    for line in src:
        obj = json.loads(line)
        if obj.get("type") == "trends":
            interval_ms = int(obj["interval"] * 1000)
            window_ms = int(obj["window"] * 1000)
            snapshots.append(obj["ts"])
            for sc in obj["scopes"]:
                kind = sc["scope"]
                region = sc.get("cc") or sc.get("cell") or ""
                for t in sc["trends"]:
                    reported[(t["term"], kind, region)].append(obj["ts"])
                    if t["term"].startswith("#steady"):
                        steady_reported.add("%s@%s:%s" % (t["term"], kind, region))
        elif a.naive and "type" not in obj and obj.get("tags"):
            cell = None
            if "lat" in obj and obj.get("geo") in ("point", "place"):
                cell = geohash(obj["lat"], obj["lon"], a.precision)
            records.append((obj["ts"], obj["tags"], obj.get("cc"), cell))
    if interval_ms is None:
        print(json.dumps({"error": "no snapshots"}))
        return 1

    result = {"bursts": len(bursts), "snapshots": len(snapshots),
              "steady_reported": sorted(steady_reported),
              "trends": score({k: v for k, v in reported.items() if k[1] != "global"},
                              bursts, window_ms, interval_ms)}
    if a.naive:
        # Per bucket counts of (term, kind, region), then each snapshot's window top N.
        buckets = defaultdict(lambda: defaultdict(int))
        for ts, tags, cc, cell in records:
            b = ts // interval_ms
            for g in tags:
                if cc:
                    buckets[b][("#" + g, "cc", cc)] += 1
                if cell:
                    buckets[b][("#" + g, "cell", cell)] += 1
        naive = defaultdict(list)
        w = window_ms // interval_ms
        for ts in snapshots:
            e = ts // interval_ms
            counts = defaultdict(int)
            for b in range(e - w, e):
                for k, c in buckets.get(b, {}).items():
                    counts[k] += c
            per_region = defaultdict(list)
            for k, c in counts.items():
                if c >= a.min_count:
                    per_region[(k[1], k[2])].append((-c, k[0]))
            for (kind, region), lst in per_region.items():
                lst.sort()
                for _, term in lst[:a.top]:
                    naive[(term, kind, region)].append(ts)
        result["naive_top_by_count"] = score(naive, bursts, window_ms, interval_ms)
        for v in result["naive_top_by_count"].values():
            v["false_pairs"] = v["false_pairs"][:5]
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
