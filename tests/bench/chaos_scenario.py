#!/usr/bin/env python3
"""Writes a fake X server scenario (tests/fakex/fakex.py) for the chaos run.

  chaos_scenario.py SECONDS RATE SCENARIO.json IDS.txt

About SECONDS of v2 stream posts at about RATE posts/s, spread over many stream connections,
each ending in one of the failures tweet-stream x must ride through: a cut mid-stream (abort),
a stall (no byte for longer than the stall timeout; run tweet-stream with TWEETMAP_TIME_SCALE=0.1
so that it is 2 s), a clean end, and between them an HTTP 503 and a connection dropped before
any response. No post is sent after a stall begins, so every post in the scenario is one the
client can receive: IDS.txt (the ids, sorted) is exactly what the source must produce.
Prints the number of posts.
"""
import json
import random
import sys


def post(i, rnd):
    pid = str(1900000000000000000 + i)
    tag = rnd.choice(["earthquake", "news", "music", "football", "地震", "weather"])
    data = {"id": pid, "text": f"chaos post {i} #{tag}", "created_at": "2024-05-01T12:00:00.000Z",
            "author_id": "42", "lang": "en"}
    if i % 3 == 0:
        data["geo"] = {"coordinates": {"type": "Point",
                                       "coordinates": [round(rnd.uniform(-180, 180), 4),
                                                       round(rnd.uniform(-60, 70), 4)]}}
    return json.dumps({"data": data, "includes": {"users": [
        {"id": "42", "username": "mapper", "name": "Map Per"}]},
        "matching_rules": [{"id": "1", "tag": "tweetmap"}]}, ensure_ascii=False)


def main():
    seconds, rate, out, ids_out = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
    rnd = random.Random(9)
    batch, pause = 10, 10 / rate
    endings = ["abort", "stall", "end", "abort", "503", "stall", "drop"]
    stream, ids, i, t, k = [], [], 0, 0.0, 0
    while t < seconds:
        ending = endings[k % len(endings)]
        k += 1
        if ending == "503":
            stream.append({"status": 503})
            continue
        if ending == "drop":
            stream.append({"drop": True})
            continue
        events = []
        conn_s = rnd.uniform(3, 7)
        for _ in range(int(conn_s / pause)):
            for _ in range(batch):
                events.append({"line": post(i, rnd)})
                ids.append(str(1900000000000000000 + i))
                i += 1
            events.append({"sleep": pause})
            if rnd.random() < 0.2:
                events.append({"keepalive": 1})
        t += conn_s
        if ending == "abort":
            events.append({"abort": True})
        elif ending == "stall":
            events.append({"stall": 3.5})
        else:
            events.append({"end": True})
        stream.append({"status": 200, "events": events})
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"token": "chaos-token", "stream": stream, "then": "hold"}, f, ensure_ascii=False)
    with open(ids_out, "w", encoding="utf-8") as f:
        f.write("".join(x + "\n" for x in sorted(ids)))
    print(len(ids))


if __name__ == "__main__":
    main()
