#!/usr/bin/env python3
"""Checks for the Kafka integration tests (prints one clear line; exit 1 on failure).

  kafka_check.py ids INPUT OUTPUT [--exact]   every record id of INPUT is in OUTPUT (no gaps);
                                              duplicates are counted, and fail with --exact
  kafka_check.py envelope INPUT JSON [--header name=value ...]
                                              kafka-sub -J output vs the produced lines: same
                                              lines, key == id, headers intact, order per key
                                              (input order within each partition)
  kafka_check.py warm TRENDS STDERR [--max-late N]
                                              `kafka-sub -o @TS | tweet-trends --stats S` read
                                              history: tweet-trends' last stats line (in STDERR)
                                              counts at most N late records (default 0), and a
                                              snapshot of TRENDS is warm and lists a trend
"""
import json
import re
import sys

ID = re.compile(rb'"id":"([^"]*)"')


def ids_of(path):
    out = []
    with open(path, "rb") as f:
        for line in f:
            m = ID.search(line)
            if m:
                out.append(m.group(1))
    return out


def check_ids(inp, outp, exact):
    want = ids_of(inp)
    got = ids_of(outp)
    seen = {}
    for i in got:
        seen[i] = seen.get(i, 0) + 1
    missing = [i for i in want if i not in seen]
    dups = sum(c - 1 for c in seen.values() if c > 1)
    extra = len(set(seen) - set(want))
    print(f"ids: {len(want)} produced, {len(got)} consumed, {len(missing)} missing, "
          f"{dups} duplicates, {extra} unexpected")
    if missing:
        print(f"FAIL: missing ids, e.g. {[m.decode() for m in missing[:5]]}")
        return 1
    if extra:
        print("FAIL: ids that were never produced")
        return 1
    if exact and dups:
        print("FAIL: duplicates where exactly-once was expected")
        return 1
    return 0


def check_envelope(inp, outp, headers):
    want = open(inp, "rb").read().decode().splitlines()
    pos = {json.loads(l)["id"]: n for n, l in enumerate(want)}
    got = []
    with open(outp) as f:
        for line in f:
            got.append(json.loads(line))
    if sorted(m["payload"] for m in got) != sorted(want):
        print(f"FAIL: payloads differ from the input ({len(got)} vs {len(want)} lines)")
        return 1
    last = {}
    for m in got:
        rid = json.loads(m["payload"])["id"]
        if m["key"] != rid:
            print(f"FAIL: key {m['key']!r} != id {rid!r}")
            return 1
        h = m["headers"] or []
        pairs = [f"{h[i]}={h[i + 1]}" for i in range(0, len(h), 2)]
        if pairs != headers:
            print(f"FAIL: headers {pairs} != {headers}")
            return 1
        p = m["partition"]
        if pos[rid] < last.get(p, -1):
            print(f"FAIL: partition {p} out of input order at id {rid}")
            return 1
        last[p] = pos[rid]
    print(f"envelope: {len(got)} messages, {len(last)} partitions, keys, headers and order ok")
    return 0


STATS_LATE = re.compile(r"stats: lines (\d+) .* posts (\d+) counted (\d+) late (\d+) ")


def check_warm(trends_path, stderr_path, max_late):
    stats = None
    with open(stderr_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = STATS_LATE.search(line)
            if m:
                stats = [int(g) for g in m.groups()]
    if stats is None:
        print("FAIL: no tweet-trends stats line in " + stderr_path)
        return 1
    lines, posts, counted, late = stats
    warm = trending = 0
    with open(trends_path, "rb") as f:
        for line in f:
            if not line.startswith(b'{"type":"trends"'):
                continue
            snap = json.loads(line)
            if snap.get("warming"):
                continue
            warm += 1
            if any(sc.get("trends") for sc in snap.get("scopes", [])):
                trending += 1
    print(f"warm start: {posts} posts, {counted} counted, {late} late; "
          f"{warm} warm snapshots, {trending} with trends")
    if posts == 0:
        print("FAIL: no posts read")
        return 1
    if late > max_late:
        print(f"FAIL: {late} late records (at most {max_late} allowed): the history was not "
              "read in time order")
        return 1
    if trending == 0:
        print("FAIL: no warm snapshot lists a trend")
        return 1
    return 0


def main():
    a = sys.argv[1:]
    if a[0] == "ids":
        return check_ids(a[1], a[2], "--exact" in a)
    if a[0] == "envelope":
        hs = [a[i + 1] for i in range(3, len(a) - 1) if a[i] == "--header"]
        return check_envelope(a[1], a[2], hs)
    if a[0] == "warm":
        max_late = int(a[a.index("--max-late") + 1]) if "--max-late" in a else 0
        return check_warm(a[1], a[2], max_late)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
