#!/usr/bin/env python3
"""Sums up CTest's JUnit reports: the tail of each failing test's output, then "N passed, N failed".

    summary.py [--tail N] REPORT.xml...

scripts/test runs each part of the suite through `ctest --output-junit` and hands the reports
here. A report that is missing or unreadable counts as one failure (its part did not run).
Exits 1 when anything failed or no test ran.
"""

import argparse
import sys
import xml.etree.ElementTree as ET


def read_report(path):
    """Returns [(name, passed, output, seconds)] for one report, or raises OSError/ParseError."""
    results = []
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        name = case.get("name", "?")
        status = case.get("status", "")
        if status in ("disabled", "notrun") and case.find("skipped") is not None:
            continue
        failed = (
            status not in ("run", "")
            or case.find("failure") is not None
            or case.find("error") is not None
        )
        output = case.findtext("system-out") or ""
        try:
            seconds = float(case.get("time", "0"))
        except ValueError:
            seconds = 0.0
        results.append((name, not failed, output, seconds))
    return results


def summarize(paths, tail, out):
    passed = 0
    failures = []
    for path in paths:
        try:
            results = read_report(path)
        except (OSError, ET.ParseError) as e:
            failures.append((path, f"no test report: {e}\n"))
            continue
        for name, ok, output, _ in results:
            if ok:
                passed += 1
            else:
                failures.append((name, output))
    for name, output in failures:
        print(f"FAIL {name}", file=out)
        for line in output.rstrip("\n").splitlines()[-tail:]:
            print(f"    {line}", file=out)
    print(file=out)
    if failures:
        print("failed: " + " ".join(name for name, _ in failures), file=out)
    print(f"{passed} passed, {len(failures)} failed", file=out)
    return passed, len(failures)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tail", type=int, default=60, help="lines of a failing test's output")
    ap.add_argument("reports", nargs="*")
    args = ap.parse_args(argv)
    passed, failed = summarize(args.reports, args.tail, sys.stdout)
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
