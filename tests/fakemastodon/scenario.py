#!/usr/bin/env python3
"""Scenarios for tests/fakemastodon/fakemastodon.py built from a file of statuses (one JSON per
line, such as tests/data/parsers/mastodon.jsonl), printed on stdout.

    scenario.py firehose STATUSES TOKEN RATE SECONDS
        one connection: RATE updates a second for SECONDS, copies of the file's first status
        (scripts/bench-mastodon).
    scenario.py statuses STATUSES TOKEN
        one connection: an update per status of the file (lines that are not JSON skipped),
        then heartbeats until the client goes away (tests/integration/demo_mastodon_test.sh).
"""
import json
import sys


def firehose(first_line, token, rate, seconds):
    status = json.loads(first_line)
    return {"token": token, "stream": [
        {"events": [{"firehose": {"status": status, "rate": rate, "seconds": seconds}}]}]}


def statuses(lines, token):
    events = []
    for line in lines:
        try:
            events.append({"update": json.loads(line)})
        except ValueError:
            pass
    events.append({"hold": True})
    return {"token": token, "stream": [{"events": events}]}


def main(argv):
    if len(argv) == 5 and argv[0] == "firehose":
        with open(argv[1], encoding="utf-8") as f:
            scenario = firehose(f.readline(), argv[2], int(argv[3]), int(argv[4]))
    elif len(argv) == 3 and argv[0] == "statuses":
        with open(argv[1], encoding="utf-8") as f:
            scenario = statuses(f, argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(scenario))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
