#!/usr/bin/env python3
"""Verdicts of the tweet-stream bluesky integration tests (tests/integration/
tweet_stream_bluesky_*_test.sh), from the tool's output and the fake Jetstream's log.

  check.py records OUT EVENTS [--all] [--lang L]
      every line of OUT is the record of a post of EVENTS (id at://DID/app.bsky.feed.post/RKEY,
      user DID, ts, text, lang first of langs, tags from facets then record tags, case-folded
      and de-duplicated, src "bluesky"), no post twice; --all: every post is there; --lang: only
      (and all) the posts whose first language is L
  check.py count EVENTS [--lang L]
      prints the number of posts of EVENTS (whose first language is L)
  check.py resume LOG
      every connection after the first sent a cursor earlier than the last time_us the previous
      one sent, by at most 10 s
  check.py connections LOG MIN MAX
      the fake saw between MIN and MAX connections
  check.py gaps LOG MIN_MS
      every reconnect came at least MIN_MS after the previous connection ended
Prints one line; exits 1 with the reason when the verdict is "fail".
"""
import json
import sys

RELAY_PAST_MS = 24 * 3600 * 1000
RELAY_FUTURE_MS = 5 * 60 * 1000


def parse_iso(s):
    import datetime
    try:
        if not s or "T" not in s:
            return None
        d = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
        if d.tzinfo is None:
            return None
        return int(d.timestamp() * 1000)
    except ValueError:
        return None


def expected(events):
    out = {}
    for e in events:
        c = e.get("commit") or {}
        if e.get("kind") != "commit" or c.get("operation") != "create" or \
                c.get("collection") != "app.bsky.feed.post":
            continue
        r = c["record"]
        relay = e["time_us"] // 1000
        created = parse_iso(r.get("createdAt"))
        ts = created if created is not None and relay - RELAY_PAST_MS <= created <= relay + RELAY_FUTURE_MS else relay
        tags = []
        for f in r.get("facets", []):
            for feat in f.get("features", []):
                if feat.get("$type") == "app.bsky.richtext.facet#tag":
                    tags.append(feat["tag"])
        tags += r.get("tags", [])
        folded = []
        for t in tags:
            t = t.casefold()
            if t not in folded:
                folded.append(t)
        uri = f"at://{e['did']}/app.bsky.feed.post/{c['rkey']}"
        out[uri] = {"id": uri, "user": e["did"], "ts": ts, "text": r.get("text", ""),
                    "lang": (r.get("langs") or [None])[0], "tags": folded, "src": "bluesky"}
    return out


def fail(msg):
    print(f"fail: {msg}")
    return 1


def cmd_records(args):
    out_path, events_path = args[0], args[1]
    want_all = "--all" in args
    lang = args[args.index("--lang") + 1] if "--lang" in args else None
    exp = expected(json.loads(l) for l in open(events_path, encoding="utf-8"))
    if lang:
        exp = {k: v for k, v in exp.items() if v["lang"] == lang}
    seen = set()
    for n, line in enumerate(open(out_path, encoding="utf-8"), 1):
        rec = json.loads(line)
        rid = rec.get("id")
        if rid in seen:
            return fail(f"line {n}: {rid} written twice")
        seen.add(rid)
        if rid not in exp:
            return fail(f"line {n}: {rid} is not an expected post")
        for k, v in exp[rid].items():
            got = rec.get(k, [] if k == "tags" else None)
            if got != v:
                return fail(f"line {n}: {rid}: {k} is {got!r}, expected {v!r}")
        if rec.get("rt", False):
            return fail(f"line {n}: rt true for a post")
    if want_all and seen != set(exp):
        return fail(f"missing {len(set(exp) - seen)} posts, e.g. {sorted(set(exp) - seen)[:3]}")
    print(f"ok: {len(seen)} records, each as expected, none twice")
    return 0


def cmd_count(args):
    exp = expected(json.loads(l) for l in open(args[0], encoding="utf-8"))
    if "--lang" in args:
        lang = args[args.index("--lang") + 1]
        exp = {k: v for k, v in exp.items() if v["lang"] == lang}
    print(len(exp))
    return 0


def log_events(path):
    return [json.loads(l) for l in open(path, encoding="utf-8")]


def cmd_resume(args):
    ev = log_events(args[0])
    sent = {e["n"]: e for e in ev if e["event"] == "sent"}
    conns = [e for e in ev if e["event"] == "connect"]
    checked = 0
    for c in conns[1:]:
        prev = sent.get(c["n"] - 1)
        if not prev or prev.get("last_time_us") is None:
            continue
        last = prev["last_time_us"]
        if c["cursor"] is None:
            return fail(f"connection {c['n']}: no cursor after events up to {last}")
        if not (last - 10_000_000 <= c["cursor"] < last):
            return fail(f"connection {c['n']}: cursor {c['cursor']}, last time_us {last}")
        checked += 1
    if checked == 0:
        return fail("no reconnect after events to check")
    print(f"ok: {checked} reconnects resumed before the last time_us")
    return 0


def cmd_connections(args):
    n = sum(1 for e in log_events(args[0]) if e["event"] == "connect")
    lo, hi = int(args[1]), int(args[2])
    if not lo <= n <= hi:
        return fail(f"{n} connections, expected {lo}..{hi}")
    print(f"ok: {n} connections")
    return 0


def cmd_gaps(args):
    ev = log_events(args[0])
    min_ms = float(args[1])
    ends = {e["n"]: e["t"] for e in ev if e["event"] == "end"}
    gaps = []
    for c in ev:
        if c["event"] == "connect" and c["n"] > 0 and c["n"] - 1 in ends:
            gaps.append((c["t"] - ends[c["n"] - 1]) * 1000)
    if not gaps:
        return fail("no reconnects")
    if min(gaps) < min_ms:
        return fail(f"a reconnect after {min(gaps):.0f} ms (< {min_ms} ms): {[round(g) for g in gaps]}")
    print(f"ok: reconnect gaps {[round(g) for g in gaps]} ms")
    return 0


def main(argv):
    cmds = {"records": cmd_records, "resume": cmd_resume, "connections": cmd_connections,
            "gaps": cmd_gaps, "count": cmd_count}
    if len(argv) < 2 or argv[1] not in cmds:
        print(__doc__, file=sys.stderr)
        return 2
    return cmds[argv[1]](argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
