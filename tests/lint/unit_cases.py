#!/usr/bin/env python3
"""Every doctest case is one CTest test that runs exactly that case.

doctest_discover_tests cuts a case's name at a ';' (CMake's list separator), and the test it
registers then selects no case at all: doctest reports "0 passed" and CTest counts a pass. This
check compares the cases the unit binary lists with the unit/ tests CTest knows, both ways.

usage: unit_cases.py BUILD_DIR
"""
import json
import subprocess
import sys


def doctest_cases(binary):
    out = subprocess.run([binary, "--list-test-cases", "--no-version"], check=True,
                         capture_output=True, text=True).stdout
    return {line for line in out.splitlines() if line and not line.startswith("[doctest]")
            and not line.startswith("=")}


def ctest_cases(build):
    out = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"], check=True,
                         capture_output=True, text=True).stdout
    return {t["name"][len("unit/"):] for t in json.loads(out)["tests"]
            if t["name"].startswith("unit/")}


def main():
    build = sys.argv[1]
    cases = doctest_cases(f"{build}/bin/unit_tests")
    registered = ctest_cases(build)
    bad = sorted(c for c in cases if ";" in c)
    missing = sorted(cases - registered)
    stray = sorted(registered - cases)
    for c in bad:
        print(f"unit case name holds ';' (CTest cuts the name there): {c}")
    for c in missing:
        print(f"unit case not registered with CTest as itself: {c}")
    for c in stray:
        print(f"CTest unit test that names no case: {c}")
    if bad or missing or stray:
        return 1
    print(f"unit cases: {len(cases)}, each one CTest test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
