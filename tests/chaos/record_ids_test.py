#!/usr/bin/env python3
"""Tests of tests/chaos/record_ids.py, the ids scripts/chaos reads from its sinks."""

import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record_ids  # noqa: E402


class RecordIdsTest(unittest.TestCase):
    def test_ids_in_order_without_typed_lines(self):
        lines = ['{"id":"3","text":"c"}\n', '{"type":"trends","id":"x"}\n', '\n',
                 '{"id":"1"}\n', '{"id":"3"}\n']
        self.assertEqual(record_ids.record_ids(lines), (["3", "1", "3"], 0))

    def test_partial_lines_are_counted_not_listed(self):
        lines = ['{"id":"1"}\n', '{"id":"2","te\n', '   \n', '{"id":"4"']
        self.assertEqual(record_ids.record_ids(lines), (["1"], 2))

    def test_a_post_without_an_id_is_an_error(self):
        with self.assertRaises(KeyError):
            record_ids.record_ids(['{"text":"no id"}\n'])

    def test_main_prints_ids_and_the_partial_count(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "sink.jsonl")
            with open(path, "wb") as f:
                # A cut multi-byte character in the last line: read with replacement.
                f.write(b'{"id":"10"}\n{"id":"11","text":"\xc3\n')
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                self.assertEqual(record_ids.main(["record_ids.py", path]), 0)
            self.assertEqual(out.getvalue(), "10\n")
            self.assertEqual(err.getvalue(), "1\n")


if __name__ == "__main__":
    unittest.main()
