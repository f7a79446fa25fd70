#!/usr/bin/env python3
"""Tests of tests/bench/page_cache.py, which re-reads benchmark inputs into the page cache."""

import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import page_cache  # noqa: E402


class RereadTest(unittest.TestCase):
    def test_reads_the_whole_file_in_blocks_and_leaves_it_as_it_was(self):
        data = bytes(range(256)) * 5000 + b"tail"  # not a multiple of the block
        with tempfile.NamedTemporaryFile(delete=False) as f:
            f.write(data)  # still dirty in the cache: reread writes it out first
        try:
            self.assertEqual(page_cache.reread(f.name, block=4096), len(data))
            with open(f.name, "rb") as g:
                self.assertEqual(g.read(), data)
        finally:
            os.unlink(f.name)

    def test_an_empty_file_reads_zero_bytes(self):
        with tempfile.NamedTemporaryFile() as f:
            self.assertEqual(page_cache.reread(f.name), 0)

    def test_a_missing_file_is_one_line_and_exit_1(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            rc = page_cache.main(["reread", "/nonexistent/replay.jsonl"])
        self.assertEqual(rc, 1)
        self.assertEqual(err.getvalue(),
                         "page_cache: /nonexistent/replay.jsonl: No such file or directory\n")

    def test_read_cost_reads_every_byte_and_counts_cpu_time(self):
        with tempfile.NamedTemporaryFile() as f:
            f.write(b"x" * 300_000)
            f.flush()
            cpu, n = page_cache.read_cost(f.name, block=65536)
            self.assertEqual(n, 300_000)
            self.assertGreaterEqual(cpu, 0.0)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                self.assertEqual(page_cache.main(["read-cost", f.name]), 0)
            self.assertRegex(out.getvalue(), r"^.*: 0 MB read in \d+\.\d ms of CPU\n$")

    def test_a_program_brings_its_shared_libraries(self):
        libs = page_cache.libraries(sys.executable)
        self.assertTrue(libs)
        self.assertTrue(all(os.path.isabs(l) and os.path.exists(l) for l in libs))
        self.assertTrue(any(os.path.basename(l).startswith("libc.so") for l in libs), libs)
        with tempfile.NamedTemporaryFile() as f:
            f.write(b"#!/bin/sh\n")
            f.flush()
            self.assertEqual(page_cache.libraries(f.name), [])
        self.assertEqual(page_cache.main(["reread", "--programs", sys.executable]), 0)

    def test_usage_without_files_is_exit_2(self):
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(page_cache.main(["reread"]), 2)
            self.assertEqual(page_cache.main([]), 2)
            self.assertEqual(page_cache.main(["drop", "/tmp"]), 2)
            self.assertEqual(page_cache.main(["reread", "--programs"]), 2)


if __name__ == "__main__":
    unittest.main()
