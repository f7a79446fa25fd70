#!/usr/bin/env python3
"""Deterministic synthetic records for tweet-trends tests and benchmarks (stdlib only).

Writes normalized records (docs/DESIGN.md, "The record") on stdout, sorted by time with a little
out-of-order jitter, and optionally the injected bursts as JSON lines (--truth FILE):
  {"term":"#burst1","cc":"JP","cell":"xn77","lat":..,"lon":..,"start":ms,"end":ms}

Background: posts from weighted cities, Zipf-popular tags, a globally steady popular tag
(#steady) and a regionally steady one (#steadylocal, Tokyo only). Bursts: a term posted at a
fixed rate in one city between start and end.
"""
import argparse
import bisect
import json
import random
import sys

from geohash import geohash

CITIES = [  # name, cc, lat, lon, weight
    ("Tokyo, Japan", "JP", 35.68, 139.76, 10), ("Osaka, Japan", "JP", 34.69, 135.50, 4),
    ("New York, USA", "US", 40.71, -74.01, 9), ("Los Angeles, USA", "US", 34.05, -118.24, 6),
    ("Chicago, USA", "US", 41.88, -87.63, 4), ("London, England", "GB", 51.51, -0.13, 7),
    ("Manchester, England", "GB", 53.48, -2.24, 2), ("Paris, France", "FR", 48.86, 2.35, 5),
    ("Lyon, France", "FR", 45.76, 4.84, 2), ("Berlin, Germany", "DE", 52.52, 13.40, 4),
    ("Munich, Germany", "DE", 48.14, 11.58, 2), ("Madrid, Spain", "ES", 40.42, -3.70, 4),
    ("Barcelona, Spain", "ES", 41.39, 2.17, 3), ("São Paulo, Brasil", "BR", -23.55, -46.63, 7),
    ("Rio de Janeiro, Brasil", "BR", -22.91, -43.17, 4), ("Jakarta, Indonesia", "ID", -6.21, 106.85, 6),
    ("Surabaya, Indonesia", "ID", -7.25, 112.75, 2), ("Cairo, Egypt", "EG", 30.04, 31.24, 3),
    ("Riyadh, Saudi Arabia", "SA", 24.71, 46.68, 3), ("Mexico City, Mexico", "MX", 19.43, -99.13, 5),
    ("Buenos Aires, Argentina", "AR", -34.60, -58.38, 4), ("Lagos, Nigeria", "NG", 6.52, 3.38, 3),
    ("Mumbai, India", "IN", 19.08, 72.88, 5), ("Sydney, Australia", "AU", -33.87, 151.21, 3),
    ("Suva, Fiji", "FJ", -18.14, 178.44, 1), ("Toronto, Canada", "CA", 43.65, -79.38, 3),
    ("Seoul, Korea", "KR", 37.57, 126.98, 4), ("Istanbul, Türkiye", "TR", 41.01, 28.98, 4),
]
LANG = {"JP": "ja", "US": "en", "GB": "en", "FR": "fr", "DE": "de", "ES": "es", "BR": "pt",
        "ID": "id", "EG": "ar", "SA": "ar", "MX": "es", "AR": "es", "NG": "en", "IN": "en",
        "AU": "en", "FJ": "en", "CA": "en", "KR": "ko", "TR": "tr"}
WORDS = ("the morning coffee rain city team game music friends weekend traffic dinner news "
         "sunny market train office school party movie street").split()
def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=1700000000000, help="first ms")
    ap.add_argument("--duration", type=float, default=1800, help="seconds of event time")
    ap.add_argument("--rate", type=float, default=50, help="background posts per second")
    ap.add_argument("--bursts", type=int, default=0, help="random bursts to inject")
    ap.add_argument("--burst", action="append", default=[],
                    help="TERM,CITYINDEX,START_S,END_S,RATE: a burst at a fixed place")
    ap.add_argument("--burst-rate", type=float, default=1.0, help="posts/s of random bursts")
    ap.add_argument("--burst-length", type=float, default=600, help="seconds of random bursts")
    ap.add_argument("--quiet-start", type=float, default=900,
                    help="no random burst starts in the first seconds (baseline warm-up)")
    ap.add_argument("--jitter", type=float, default=1.0, help="max seconds out of order")
    ap.add_argument("--tags", type=int, default=2000, help="background vocabulary size")
    ap.add_argument("--distinct", action="store_true",
                    help="every post gets a never-seen tag too (memory test)")
    ap.add_argument("--compact", action="store_true", help="omit bbox, user and text")
    ap.add_argument("--truth", help="write the injected bursts here (JSON lines)")
    ap.add_argument("--precision", type=int, default=4, help="geohash precision of truth cells")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    weights = [c[4] for c in CITIES]
    zipf = [1.0 / (k + 1) for k in range(a.tags)]
    cum, s = [], 0.0
    for w in zipf:
        s += w
        cum.append(s)

    bursts = []
    for spec in a.burst:
        term, city, t0, t1, rate = spec.split(",")
        bursts.append((term, int(city), float(t0), float(t1), float(rate)))
    span = max(a.duration - a.quiet_start - a.burst_length, 1)
    for k in range(a.bursts):
        t0 = a.quiet_start + span * (k + rnd.random()) / a.bursts
        bursts.append((f"#burst{k}", rnd.randrange(len(CITIES)), round(t0, 3),
                       round(t0 + a.burst_length, 3), a.burst_rate))

    events = []  # (ms, city index, tags)
    t = 0.0
    while True:
        t += rnd.expovariate(a.rate)
        if t >= a.duration:
            break
        city = rnd.choices(range(len(CITIES)), weights)[0]
        tags = []
        if rnd.random() < 0.6:
                        tags.append(f"tag{bisect.bisect_left(cum, rnd.random() * s)}")
        if rnd.random() < 0.08:
            tags.append("steady")
        if city == 0 and rnd.random() < 0.3:
            tags.append("steadylocal")
        events.append((t, city, tags))
    for term, city, t0, t1, rate in bursts:
        t = t0
        while True:
            t += rnd.expovariate(rate)
            if t >= t1 or t >= a.duration:
                break
            events.append((t, city, [term.lstrip("#")]))
    events.sort(key=lambda e: e[0])

    out = sys.stdout
    n = 0
    for t, city, tags in events:
        name, cc, lat, lon, _ = CITIES[city]
        n += 1
        # Out-of-order arrival: the stated time lags the arrival order by up to --jitter.
        ms = a.start + int(round((t - rnd.random() * a.jitter) * 1000))
        rec = {"id": str(10**17 + n), "ts": ms}
        if rnd.random() < 0.7:
            rec.update(lat=round(lat + rnd.uniform(-0.03, 0.03), 5),
                       lon=round(lon + rnd.uniform(-0.03, 0.03), 5), geo="point")
        else:
            rec.update(lat=lat, lon=lon, geo="place")
        if not a.compact:
            rec["bbox"] = [round(lon - 0.2, 4), round(lat - 0.2, 4), round(lon + 0.2, 4), round(lat + 0.2, 4)]
        rec.update(place=name, cc=cc)
        user = f"user{rnd.randrange(100000)}"
        if not a.compact:
            rec["user"] = user
        tags = list(tags)
        if a.distinct:
            tags.append(f"u{n}x{rnd.randrange(1 << 30)}")
        text = " ".join(rnd.choice(WORDS) for _ in range(6)) + "".join(" #" + g for g in tags)
        if not a.compact:
            rec["text"] = text
        rec.update(lang=LANG[cc], tags=tags, rt=False, src="synth")
        out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")

    if a.truth:
        with open(a.truth, "w") as f:
            for term, city, t0, t1, rate in bursts:
                name, cc, lat, lon, _ = CITIES[city]
                f.write(json.dumps({"term": term if term.startswith("#") else "#" + term,
                                    "cc": cc, "cell": geohash(lat, lon, a.precision),
                                    "lat": lat, "lon": lon, "place": name,
                                    "start": a.start + int(t0 * 1000),
                                    "end": a.start + int(t1 * 1000)}) + "\n")


if __name__ == "__main__":
    main()
