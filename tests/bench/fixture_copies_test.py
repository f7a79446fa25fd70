#!/usr/bin/env python3
"""Tests of tests/bench/fixture_copies.py, the inputs the bench scripts derive from fixtures."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_copies  # noqa: E402

POSTS = [
    {"id": 1, "id_str": "1", "timestamp_ms": "5", "text": "a",
     "place": {"country_code": "FR"}, "coordinates": {"type": "Point"}, "geo": {"x": 1},
     "user": {"location": "Paris"}},
    {"id": 2, "id_str": "2", "timestamp_ms": "6", "text": "b", "place": None,
     "coordinates": None, "user": {"location": "Lyon"}},
]


class RepeatTest(unittest.TestCase):
    def test_blank_lines_are_dropped_and_the_block_ends_in_a_newline(self):
        block, _ = fixture_copies.repeated_block(["a", "", "  ", "bc"], 100)
        self.assertEqual(block, b"a\nbc\n")

    def test_as_many_whole_blocks_as_fit(self):
        self.assertEqual(fixture_copies.repeated_block(["abc"], 10), (b"abc\n", 2))
        self.assertEqual(fixture_copies.repeated_block(["abc"], 12), (b"abc\n", 3))

    def test_at_least_one_block_when_it_does_not_fit(self):
        self.assertEqual(fixture_copies.repeated_block(["abcdef"], 3)[1], 1)

    def test_the_command_writes_the_copies(self):
        with tempfile.TemporaryDirectory() as d:
            src, out = os.path.join(d, "in"), os.path.join(d, "out")
            with open(src, "w") as f:
                f.write("x\n\ny\n")
            fixture_copies.main(["repeat", src, out, "--bytes", "13"])
            with open(out, "rb") as f:
                self.assertEqual(f.read(), b"x\ny\n" * 3)


class HiddenTest(unittest.TestCase):
    def test_places_are_null_and_the_rest_kept(self):
        lines = list(fixture_copies.hidden_lines(POSTS, 1))
        first = json.loads(lines[0])
        self.assertIsNone(first["place"])
        self.assertIsNone(first["coordinates"])
        self.assertIsNone(first["geo"])
        self.assertEqual(first["user"], {"location": "Paris"})
        self.assertEqual(first["id_str"], "1")
        # A post without "geo" gets one, after its other keys.
        self.assertEqual(list(json.loads(lines[1]))[-1], "geo")
        # The input is not changed.
        self.assertEqual(POSTS[0]["place"], {"country_code": "FR"})

    def test_copies_repeat_the_posts_in_order(self):
        lines = list(fixture_copies.hidden_lines(POSTS, 3))
        self.assertEqual(len(lines), 6)
        self.assertEqual([json.loads(l)["id_str"] for l in lines], ["1", "2"] * 3)

    def test_renumber_gives_distinct_ids_and_times_20_ms_apart(self):
        lines = [json.loads(l) for l in fixture_copies.hidden_lines(POSTS, 2, renumber=True)]
        self.assertEqual([t["id"] for t in lines],
                         [800_000_000_000_000_000 + n for n in range(1, 5)])
        self.assertEqual([t["id_str"] for t in lines], [str(t["id"]) for t in lines])
        self.assertEqual([t["timestamp_ms"] for t in lines],
                         ["1447200000020", "1447200000040", "1447200000060", "1447200000080"])

    def test_the_command_writes_one_line_a_post(self):
        with tempfile.TemporaryDirectory() as d:
            src, out = os.path.join(d, "in"), os.path.join(d, "out")
            with open(src, "w") as f:
                f.write("".join(json.dumps(p) + "\n" for p in POSTS))
            fixture_copies.main(["hidden", src, out, "--copies", "2"])
            with open(out) as f:
                text = f.read()
            self.assertTrue(text.endswith("}\n"))
            self.assertEqual(text.count("\n"), 4)
            self.assertNotIn("FR", text)


if __name__ == "__main__":
    unittest.main()
