#!/usr/bin/env python3
"""Checks the layout rules of docs/DESIGN.md ("The library: subsystem folders").

- no source file at the root of lib/;
- every #include "dir/file" in lib/<folder>/ names a folder that <folder> may include;
- CLI11 is included only under lib/cli/ and tools/;
- no lib/**/*.cpp over 500 lines (OVER_LIMIT lists the files still to be split).

Prints one line per violation and exits 1 when there is any; exits 0 and prints "layout: clean".
"""
import os
import re
import sys

ALLOWED = {
    "core": {"core"},
    "source": {"core", "source", "geocode"},
    "geocode": {"core", "geocode"},
    "x": {"core", "source", "x"},
    "bluesky": {"core", "source", "bluesky"},
    "mastodon": {"core", "source", "x", "mastodon"},
    "kafka": {"core", "kafka"},
    "sse": {"core", "sse"},
    "trends": {"core", "trends"},
    "cli": {"core", "source", "geocode", "x", "bluesky", "mastodon", "kafka", "sse", "trends", "cli"},
}
MAX_CPP_LINES = 500
OVER_LIMIT: set = set()

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
CLI11 = re.compile(r'^\s*#\s*include\s+[<"]CLI/', re.M)


def check(root):
    problems = []
    lib = os.path.join(root, "lib")
    for name in sorted(os.listdir(lib)):
        path = os.path.join(lib, name)
        if os.path.isfile(path):
            problems.append(f"lib/{name}: source file at the root of lib/ (put it in a subsystem folder)")
        elif name not in ALLOWED:
            problems.append(f"lib/{name}/: folder not in the table of docs/DESIGN.md")
    for folder in sorted(ALLOWED):
        base = os.path.join(lib, folder)
        if not os.path.isdir(base):
            continue
        for dirpath, _, files in os.walk(base):
            for f in sorted(files):
                rel = os.path.relpath(os.path.join(dirpath, f), root)
                text = open(os.path.join(dirpath, f), encoding="utf-8", errors="replace").read()
                for inc in INCLUDE.findall(text):
                    if "/" not in inc:
                        problems.append(f'{rel}: #include "{inc}" does not name its folder')
                        continue
                    target = inc.split("/", 1)[0]
                    if target in ALLOWED and target not in ALLOWED[folder]:
                        problems.append(f'{rel}: {folder}/ may not include {target}/ ("{inc}")')
                if folder != "cli" and CLI11.search(text):
                    problems.append(f"{rel}: includes CLI11 (only lib/cli/ and tools/ may)")
                if f.endswith(".cpp"):
                    lines = text.count("\n")
                    if lines > MAX_CPP_LINES and rel not in OVER_LIMIT:
                        problems.append(f"{rel}: {lines} lines (over {MAX_CPP_LINES}: split it)")
    return problems


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    problems = check(os.path.abspath(root))
    for p in problems:
        print(f"layout: {p}")
    if problems:
        return 1
    print("layout: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
