#!/usr/bin/env python3
"""Copy the post ids of the NDJSON records on stdin to FILE, one per line, flushing whenever the
input is idle (so a reader polling FILE sees every id that arrived, without per-line writes).

  kafka-sub ... | ids_tail.py FILE
"""
import os
import re
import select
import sys

ID = re.compile(rb'^\{"id":"([^"]*)"', re.M)


def main(path):
    rest = b""
    with open(path, "wb", buffering=1 << 20) as out:
        while True:
            ready, _, _ = select.select([0], [], [], 0.05)
            if not ready:
                out.flush()
                continue
            chunk = os.read(0, 1 << 20)
            if not chunk:
                break
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            ids = ID.findall(data, 0, cut)
            if ids:
                out.write(b"\n".join(ids) + b"\n")
        if rest:
            out.write(b"\n".join(ID.findall(rest + b"\n")) + b"\n")


if __name__ == "__main__":
    main(sys.argv[1])
