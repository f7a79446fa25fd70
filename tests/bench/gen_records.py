#!/usr/bin/env python3
"""Writes N normalized records (docs/DESIGN.md, "The record") as JSON lines, deterministic per --seed.

  gen_records.py N [--seed S] [--start ID] [--ts MS]

Ids are decimal strings, unique and increasing from --start; each record is about 450 bytes,
the size of a typical real one (text, place, bbox, tags). For Kafka tests and benchmarks.
"""
import argparse
import json
import random
import sys

CITIES = [("Tokyo", "JP", 35.68, 139.69), ("Jakarta", "ID", -6.2, 106.85),
          ("São Paulo", "BR", -23.55, -46.63), ("London", "GB", 51.51, -0.13),
          ("New York", "US", 40.71, -74.01), ("Lagos", "NG", 6.52, 3.38),
          ("Suva", "FJ", -18.14, 178.44), ("Trelleborg, Sverige", "SE", 55.38, 13.16)]
TAGS = ["earthquake", "地震", "news", "music", "football", "weather", "travel", "food"]
WORDS = ("the quick brown fox jumps over a lazy dog while map game players find places on "
         "earth every day at dawn and dusk").split()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=664239896698208256)
    ap.add_argument("--ts", type=int, default=1447202107010)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    # A pool of distinct record bodies; each output line gets its own id and ts. Formatting from
    # the pool keeps a million records to a few seconds.
    pool = []
    for _ in range(min(a.n, 4093)):
        place, cc, lat, lon = CITIES[rnd.randrange(len(CITIES))]
        tags = rnd.sample(TAGS, rnd.randrange(0, 3))
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(12, 30)))
        text += "".join(" #" + t for t in tags) + " https://t.co/Zqs5AUN1i2"
        rec = {"lat": round(lat + rnd.uniform(-0.2, 0.2), 5),
               "lon": round(lon + rnd.uniform(-0.2, 0.2), 5), "geo": "point",
               "bbox": [round(lon - 0.3, 6), round(lat - 0.3, 6), round(lon + 0.3, 6),
                        round(lat + 0.3, 6)],
               "place": place, "cc": cc, "user": "user%d" % rnd.randrange(100000),
               "name": "User %d" % rnd.randrange(100000), "text": text, "lang": "en",
               "tags": tags, "rt": rnd.random() < 0.3, "src": "synth"}
        body = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
        pool.append(body[1:].replace("%", "%%"))
    out = sys.stdout
    step = 20000
    for base in range(0, a.n, step):
        chunk = []
        for i in range(base, min(a.n, base + step)):
            chunk.append('{"id":"%d","ts":%d,' % (a.start + i, a.ts + i * 17) +
                         pool[i % len(pool)])
        out.write("\n".join(chunk) + "\n")

if __name__ == "__main__":
    main()
