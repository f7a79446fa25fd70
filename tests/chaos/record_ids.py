#!/usr/bin/env python3
"""The post ids in an NDJSON file of scripts/chaos's sinks (kafka-sub output, tweet-stream
output): one id per record on stdout, in file order; lines with a "type" (control and trend
lines) are not posts. A line that is not JSON (the partial last line a SIGKILLed writer leaves)
is counted, and the count printed on stderr.

    record_ids.py FILE > IDS 2> PARTIAL_COUNT
"""
import json
import sys


def record_ids(lines):
    """(ids, partial): the "id" of every JSON line without "type", and how many non-blank lines
    were not JSON."""
    ids, partial = [], 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            r = json.loads(line)
        except ValueError:
            partial += 1
            continue
        if "type" not in r:
            ids.append(r["id"])
    return ids, partial


def main(argv):
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        ids, partial = record_ids(f)
    for i in ids:
        print(i)
    print(partial, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
