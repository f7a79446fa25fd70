#!/usr/bin/env python3
"""The verdict of scripts/chaos: did every post reach both sinks, within the duplicate and
memory bounds, whatever was killed?

    verdict.py WORK TOTAL MEM_LIMIT_MIB SRC_DUPS SINK_MISSING SINK_DUPS PARTIAL_LINES \\
               KILLS_SINK KILLS_MAPSUB KILLS_SSE KILLS_BROKER RATE REPLAY_S SECONDS

WORK holds what the run recorded: sent.ids (the ids the fake server sent), clients.json (the
SSE clients' report), ids/client-N.ids (ids each SSE client received) and mem.txt ("ROLE KB"
samples); WORK/storm.log, when present, holds the start time of each connection tweet-stream x
made to a server that ends every stream at once (the reconnect-storm check; its waits were
scaled by TWEETMAP_TIME_SCALE). Writes WORK/summary.json, prints it as one line, prints "FAIL: ..." per problem on
stderr and exits 1 when there is any.
"""

import json
import os
import sys

# Roles whose memory must have been sampled (the broker is not bounded: it is the JVM).
SAMPLED_ROLES = ["source", "pub", "sink", "mapsub", "trends", "sse"]


def duplicate_bounds(kills, rate, replay_s):
    """(sink bound, SSE client bound). A SIGKILLed kafka-sub -G replays what it wrote since its
    last commit (1 s) and a broker failover may replay a second or two more; a map-node restart
    replays REPLAY_S seconds."""
    sink = (kills["sink"] + kills["broker"]) * rate * 5 + rate * 5
    sse = (kills["mapsub"] + kills["sse"]) * rate * (replay_s + 10) + rate * 5
    return sink, sse


# X's schedule for a stream that fails at the TCP/IP level or ends at once: linear, +250 ms per
# attempt, up to 16 s (docs.x.com "Recovery and redundancy", lib/x/backoff.hpp).
STORM_STEP_S = 0.25
STORM_CAP_S = 16.0
STORM_SLACK = 0.8  # timer and scheduling jitter: a gap may be 20% short of the schedule


def storm_check(times, scale):
    """(summary, problems) of a reconnect-storm run: `times` are connection start times (s, in
    order), `scale` the TWEETMAP_TIME_SCALE of the run. The k-th wait must be at least
    STORM_SLACK of min(k * 250 ms, 16 s) * scale, so connections per second stay within X's
    backoff schedule however long the storm lasts."""
    problems = []
    short = []
    for k in range(1, len(times)):
        want = min(k * STORM_STEP_S, STORM_CAP_S) * scale
        gap = times[k] - times[k - 1]
        if gap < STORM_SLACK * want:
            short.append((k, gap, want))
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    per_s = {}
    for t in times:
        per_s[int(t)] = per_s.get(int(t), 0) + 1
    summary = {"connections": len(times), "seconds": round(span, 2),
               "max_per_second": max(per_s.values()) if per_s else 0, "short_waits": len(short)}
    if len(times) < 2:
        problems.append(f"reconnect storm: {len(times)} connection(s), the client did not retry")
    for k, gap, want in short[:3]:
        problems.append(f"reconnect storm: wait {k} was {gap * 1000:.0f} ms, the schedule asks "
                        f"{want * 1000:.0f} ms")
    return summary, problems


def peak_mem(lines):
    """{role: peak KiB} from "ROLE KB" lines."""
    mem = {}
    for line in lines:
        if not line.strip():
            continue
        role, kb = line.split()
        mem[role] = max(mem.get(role, 0), int(kb))
    return mem


def judge(*, sent, client_ids, per_client, total, mem_limit, src_dups, sink_missing, sink_dups,
          partial, kills, rate, replay_s, seconds, mem, storm=None):
    """The summary of one run, with "problems" (empty when it passed).

    sent: set of ids sent; client_ids: {client: set of ids it received}; per_client: the
    clients.json "per_client" list; kills: {"sink", "mapsub", "sse", "broker": count};
    mem: {role: peak KiB}; storm: (connection times, time scale) of the reconnect-storm check,
    or None when it was not run."""
    problems = []
    clients = []
    for c in per_client:
        got = client_ids.get(c["client"], set())
        missing = len(sent - got)
        clients.append({"client": c["client"], "missing": missing, "duplicates": c["duplicates"],
                        "seq_gaps": c["seq_gaps"], "resets": c["resets"],
                        "connects": c["connects"], "churned": c["churned"]})
        if missing:
            problems.append(f"SSE client {c['client']} missed {missing} of {total} posts "
                            f"(e.g. {sorted(sent - got)[:3]})")
        if c["seq_gaps"]:
            problems.append(f"SSE client {c['client']}: {c['seq_gaps']} gaps in one epoch's "
                            "sequence")
    sink_bound, sse_bound = duplicate_bounds(kills, rate, replay_s)
    if sink_missing:
        problems.append(f"sink 1 (kafka-sub -G) misses {sink_missing} of {total} posts")
    if sink_dups > sink_bound:
        problems.append(f"sink 1 has {sink_dups} duplicates, more than the bound {sink_bound:.0f}")
    for c in clients:
        if c["duplicates"] > sse_bound:
            problems.append(f"SSE client {c['client']} has {c['duplicates']} duplicates "
                            f"(bound {sse_bound:.0f})")
    mem_mb = {r: round(v / 1024, 1) for r, v in sorted(mem.items())}
    for role, mb in mem_mb.items():
        if not role.startswith("broker") and mb > mem_limit:
            problems.append(f"{role} peaked at {mb} MiB (limit {mem_limit} MiB)")
    for role in SAMPLED_ROLES:
        if role not in mem:
            problems.append(f"no memory samples for {role}")
    storm_summary = None
    if storm is not None:
        storm_summary, storm_problems = storm_check(*storm)
        problems += storm_problems
    return {"seconds": seconds, "posts": total, "reconnect_storm": storm_summary,
            "kills": {"broker": kills["broker"], "sink kafka-sub": kills["sink"],
                      "map kafka-sub": kills["mapsub"], "sse-serve": kills["sse"]},
            "source_duplicates": src_dups,
            "sink": {"missing": sink_missing, "duplicates": sink_dups,
                     "duplicate_bound": sink_bound, "partial_lines": partial},
            "sse_clients": clients, "sse_duplicate_bound": sse_bound, "peak_rss_mib": mem_mb,
            "mem_limit_mib": mem_limit, "problems": problems}


def read_ids(path):
    with open(path, encoding="utf-8") as f:
        return set(f.read().split())


def main(argv):
    if len(argv) != 14:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    (work, total, mem_limit, src_dups, sink_missing, sink_dups, partial, k_sink, k_mapsub, k_sse,
     k_broker, rate, replay_s, seconds) = argv
    sent = read_ids(f"{work}/sent.ids")
    with open(f"{work}/clients.json", encoding="utf-8") as f:
        per_client = json.load(f)["per_client"]
    client_ids = {}
    for c in per_client:
        path = f"{work}/ids/client-{c['client']}.ids"
        client_ids[c["client"]] = read_ids(path) if os.path.exists(path) else set()
    with open(f"{work}/mem.txt", encoding="utf-8") as f:
        mem = peak_mem(f)
    storm = None
    if os.path.exists(f"{work}/storm.log"):
        with open(f"{work}/storm.log", encoding="utf-8") as f:
            times = [float(x) for x in f.read().split()]
        storm = (times, float(os.environ.get("TWEETMAP_TIME_SCALE", "1")))
    summary = judge(sent=sent, client_ids=client_ids, per_client=per_client, total=int(total),
                    mem_limit=int(mem_limit), src_dups=int(src_dups),
                    sink_missing=int(sink_missing), sink_dups=int(sink_dups),
                    partial=int(partial),
                    kills={"sink": int(k_sink), "mapsub": int(k_mapsub), "sse": int(k_sse),
                           "broker": int(k_broker)},
                    rate=float(rate), replay_s=int(replay_s), seconds=int(seconds), mem=mem,
                    storm=storm)
    with open(f"{work}/summary.json", "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary))
    for p in summary["problems"]:
        print("FAIL: " + p, file=sys.stderr)
    return 1 if summary["problems"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
