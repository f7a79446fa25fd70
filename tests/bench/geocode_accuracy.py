#!/usr/bin/env python3
"""Offline geocoding against carmen 2.0, side by side on the same real v1.1 tweets.

Every tweet that carries a `place` is copied with its `place`, `coordinates` and `geo` hidden
(set to null); `tweet-stream replay --geocode MODE` and carmen (`resolve_tweet`) then place the
copies from what is left (the profile location, time zone, offset, language, text). The tweet's own
place is the truth: its country code, and the centre of its box (or its exact point).

Reported per file and for the even and odd lines separately (tune on one half, check the other):
  coverage       posts placed / posts
  country prec.  placed with the tweet's own country / placed
  correct/all    placed with the right country / posts
  city hits      placed within 50 km of the truth / posts whose place is a city (or a point)
  median km      median distance of the placed posts to the truth
  speed          records per second (ours: the whole replay process, one thread; carmen: its
                 resolve_tweet loop, after loading its database)

    tests/bench/geocode_accuracy.py --bin build/bin --carmen-python VENV/bin/python FILE...
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

CARMEN_RUNNER = r'''
import json, sys, time, warnings
import carmen, pycountry
warnings.simplefilter("ignore")
r = carmen.get_resolver()
r.load_locations()
tweets = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
def cc_of(name):
    if not name:
        return ""
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        try:
            return pycountry.countries.search_fuzzy(name)[0].alpha_2
        except LookupError:
            return ""
t0 = time.perf_counter()
out = []
for t in tweets:
    res = r.resolve_tweet(t)
    if not res:
        out.append({"id": t["id_str"]})
        continue
    loc = res[1]
    out.append({"id": t["id_str"], "country": loc.country, "lat": loc.latitude,
                "lon": loc.longitude})
secs = time.perf_counter() - t0
for o in out:
    o["cc"] = cc_of(o.get("country"))
json.dump({"secs": secs, "results": out}, sys.stdout)
'''


def km(lat1, lon1, lat2, lon2):
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2 +
         math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(min(1, math.sqrt(a)))


def truth_of(t):
    place = t.get("place") or {}
    cc = place.get("country_code", "")
    pt, city = None, place.get("place_type") in ("city", "neighborhood", "poi")
    coords = (t.get("coordinates") or {}).get("coordinates")
    if coords:
        pt, city = (coords[1], coords[0]), True
    else:
        box = ((place.get("bounding_box") or {}).get("coordinates") or [[]])[0]
        if box:
            lats = [p[1] for p in box]
            lons = [p[0] for p in box]
            pt = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    return {"cc": cc.upper(), "pt": pt, "city": city}


def score(rows, guesses):
    n = len(rows)
    placed = right = city_n = city_hit = 0
    dists = []
    for i, tr in rows:
        g = guesses.get(i)
        if tr["city"] and tr["pt"]:
            city_n += 1
        if not g or g.get("lat") is None:
            continue
        placed += 1
        if g.get("cc", "").upper() == tr["cc"]:
            right += 1
        if tr["pt"]:
            d = km(g["lat"], g["lon"], tr["pt"][0], tr["pt"][1])
            dists.append(d)
            if tr["city"] and d <= 50:
                city_hit += 1
    dists.sort()
    med = dists[len(dists) // 2] if dists else float("nan")
    return {"n": n, "coverage": placed / n if n else 0, "country_precision":
            right / placed if placed else 0, "correct_of_all": right / n if n else 0,
            "city_hits": city_hit / city_n if city_n else 0, "median_km": med,
            "within_100km": sum(d <= 100 for d in dists) / n if n else 0}


def run_ours(binary, hidden, mode):
    t0 = time.perf_counter()
    p = subprocess.run([os.path.join(binary, "tweet-stream"), "replay", "-j1", "--geocode", mode,
                        hidden], check=True, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    out = {}
    for line in p.stdout.splitlines():
        r = json.loads(line)
        if r.get("geo") in ("profile", "text"):
            out[r["id"]] = {"lat": r["lat"], "lon": r["lon"], "cc": r.get("cc", "")}
    return out, secs


def run_carmen(python, hidden):
    p = subprocess.run([python, "-c", CARMEN_RUNNER, hidden], check=True, capture_output=True,
                       text=True)
    data = json.loads(p.stdout)
    out = {o["id"]: o for o in data["results"] if o.get("lat") is not None}
    return out, data["secs"]


def text_set(binary, path):
    """Precision and recall of --geocode text on a labelled set (language, country, text)."""
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        lang, cc, text = line.rstrip("\n").split("\t", 2)
        rows.append((str(len(rows) + 1), lang, cc, text))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, lang, cc, text in rows:
            f.write(json.dumps({"id_str": i, "text": text, "lang": lang}, ensure_ascii=False) + "\n")
        name = f.name
    try:
        out = subprocess.run([os.path.join(binary, "tweet-stream"), "replay", "-j1", "--geocode",
                              "text", name], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(name)
    got = {json.loads(l)["id"]: json.loads(l) for l in out.splitlines()}
    placed = right = positives = 0
    langs = set()
    for i, lang, cc, text in rows:
        g = got.get(i, {})
        if cc:
            positives += 1
            langs.add(lang)
        if g.get("geo") == "text":
            placed += 1
            if g.get("cc") == cc:
                right += 1
    print(f"text set {os.path.basename(path)}: {len(rows)} texts, {positives} positives in "
          f"{len(langs)} languages, {len(rows) - positives} negatives; placed {placed}, right "
          f"{right}: precision {100 * right / placed if placed else 0:.1f}%, recall "
          f"{100 * right / positives if positives else 0:.1f}%")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/bin")
    ap.add_argument("--carmen-python")
    ap.add_argument("--modes", default="profile,all")
    ap.add_argument("--text-set", help="a labelled TSV for the text resolver")
    ap.add_argument("--json", help="also write the report rows to this file (scripts/bench-summary)")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if args.text_set:
        text_set(args.bin, args.text_set)
    report = []
    for path in args.files:
        rows, hidden_lines = [], []
        for line in open(path, encoding="utf-8"):
            try:
                t = json.loads(line)
            except ValueError:
                continue
            if "id_str" not in t or not t.get("place"):
                continue
            rows.append((t["id_str"], truth_of(t)))
            t["place"] = t["coordinates"] = t["geo"] = None
            hidden_lines.append(json.dumps(t, ensure_ascii=False))
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False,
                                         encoding="utf-8") as f:
            f.write("\n".join(hidden_lines) + "\n")
            hidden = f.name
        try:
            systems = {}
            for mode in args.modes.split(","):
                systems[f"tweetmap --geocode {mode}"] = run_ours(args.bin, hidden, mode)
            if args.carmen_python:
                systems["carmen 2.0.0"] = run_carmen(args.carmen_python, hidden)
        finally:
            os.unlink(hidden)
        halves = {"all": rows, "even lines": rows[0::2], "odd lines": rows[1::2]}
        for name, (guesses, secs) in systems.items():
            for half, sub in halves.items():
                s = score(sub, guesses)
                s.update(file=os.path.basename(path), system=name, subset=half,
                         records_per_s=len(rows) / secs if secs else 0)
                report.append(s)
    hdr = (f"{'file':32} {'system':26} {'subset':10} {'n':>5} {'cover':>6} {'c.prec':>6} "
           f"{'c/all':>6} {'city50':>6} {'<100km':>6} {'med km':>7} {'rec/s':>8}")
    print(hdr)
    for s in report:
        print(f"{s['file']:32} {s['system']:26} {s['subset']:10} {s['n']:5d} "
              f"{100 * s['coverage']:5.1f}% {100 * s['country_precision']:5.1f}% "
              f"{100 * s['correct_of_all']:5.1f}% {100 * s['city_hits']:5.1f}% "
              f"{100 * s['within_100km']:5.1f}% {s['median_km']:7.1f} {s['records_per_s']:8.0f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
