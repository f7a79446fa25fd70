#!/usr/bin/env python3
"""Larger benchmark inputs made from small fixtures (scripts/bench-replay, bench-geocode,
bench-trends).

    fixture_copies.py repeat SRC OUT [--bytes N]
        SRC's non-blank lines, the whole block written as many times as fits in N bytes
        (default 50,000,000; at least once).
    fixture_copies.py hidden SRC OUT [--copies N] [--renumber]
        SRC's v1.1 posts written N times (default 60) with place, coordinates and geo set to
        null, so that a geocoder must place every one of them. --renumber gives every copy its
        own id (id, id_str) and an event time 20 ms after the previous one (timestamp_ms), in
        file order: no copy is a duplicate or arrives late for event-time windows.
"""
import argparse
import json
import sys

REPEAT_BYTES = 50_000_000
RENUMBER_ID0 = 800_000_000_000_000_000
RENUMBER_TS0_MS = 1_447_200_000_000
RENUMBER_STEP_MS = 20


def repeated_block(lines, max_bytes=REPEAT_BYTES):
    """(block, times): the non-blank lines as one newline-terminated block of bytes and how many
    copies of it fit in max_bytes (at least 1)."""
    kept = [line for line in lines if line.strip()]
    block = ("\n".join(kept) + "\n").encode()
    return block, max(1, max_bytes // len(block))


def hide_place(post):
    """The post with its place, coordinates and geo set to null (in place; returned)."""
    post["place"] = post["coordinates"] = post["geo"] = None
    return post


def hidden_lines(posts, copies, renumber=False):
    """The JSON lines (without newlines) of `copies` rounds of `posts` with their places hidden;
    with renumber, the n-th line (from 1) gets id RENUMBER_ID0 + n and an event time n * 20 ms
    after RENUMBER_TS0_MS."""
    n = 0
    for _ in range(copies):
        for post in posts:
            t = hide_place(dict(post))
            if renumber:
                n += 1
                t["id"], t["id_str"] = RENUMBER_ID0 + n, str(RENUMBER_ID0 + n)
                t["timestamp_ms"] = str(RENUMBER_TS0_MS + RENUMBER_STEP_MS * n)
            yield json.dumps(t)


def main(argv):
    ap = argparse.ArgumentParser(prog="fixture_copies.py")
    sub = ap.add_subparsers(dest="what", required=True)
    rep = sub.add_parser("repeat")
    rep.add_argument("src")
    rep.add_argument("out")
    rep.add_argument("--bytes", type=int, default=REPEAT_BYTES)
    hid = sub.add_parser("hidden")
    hid.add_argument("src")
    hid.add_argument("out")
    hid.add_argument("--copies", type=int, default=60)
    hid.add_argument("--renumber", action="store_true")
    args = ap.parse_args(argv)
    if args.what == "repeat":
        with open(args.src, encoding="utf-8") as f:
            block, times = repeated_block(f.read().splitlines(), args.bytes)
        with open(args.out, "wb") as f:
            for _ in range(times):
                f.write(block)
        return 0
    with open(args.src, encoding="utf-8") as f:
        posts = [json.loads(line) for line in f]
    with open(args.out, "w", encoding="utf-8") as f:
        for line in hidden_lines(posts, args.copies, args.renumber):
            f.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
