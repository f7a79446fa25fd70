#!/usr/bin/env python3
"""Tests of tests/lint/layout_check.py: a clean temporary tree passes, and a tree with one
violation of each rule fails with a line naming that file and rule."""

import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import layout_check  # noqa: E402


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class LayoutCheckTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = self._tmp.name
        # A small tree that follows every rule.
        write(self.root, "lib/core/status.hpp", "#pragma once\n#include <string>\n")
        write(self.root, "lib/core/status.cpp", '#include "core/status.hpp"\n')
        write(self.root, "lib/kafka/producer.cpp",
              '#include "kafka/producer.hpp"\n#include "core/status.hpp"\n')
        write(self.root, "lib/cli/cli_common.cpp", "#include <CLI/CLI.hpp>\n")
        write(self.root, "tools/kafka-pub/main.cpp", "#include <CLI/CLI.hpp>\n")

    def tearDown(self):
        self._tmp.cleanup()

    def problems(self):
        return layout_check.check(self.root)

    def assert_one_problem(self, *words):
        problems = self.problems()
        self.assertEqual(len(problems), 1, problems)
        for w in words:
            self.assertIn(w, problems[0])

    def test_clean_tree_passes(self):
        self.assertEqual(self.problems(), [])
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(layout_check.main(["layout_check.py", self.root]), 0)
        self.assertEqual(out.getvalue(), "layout: clean\n")

    def test_source_file_at_root_of_lib(self):
        write(self.root, "lib/replay.hpp", "#pragma once\n")
        self.assert_one_problem("lib/replay.hpp", "root of lib/")

    def test_folder_not_in_the_table(self):
        write(self.root, "lib/util/strings.cpp", '#include "core/status.hpp"\n')
        self.assert_one_problem("lib/util/", "not in the table")

    def test_include_without_folder(self):
        write(self.root, "lib/core/text.cpp", '#include "status.hpp"\n')
        self.assert_one_problem("lib/core/text.cpp", '"status.hpp"', "does not name its folder")

    def test_include_across_subsystems(self):
        write(self.root, "lib/sse/hub.cpp", '#include "kafka/producer.hpp"\n')
        self.assert_one_problem("lib/sse/hub.cpp", "sse/ may not include kafka/")

    def test_core_may_not_include_a_subsystem(self):
        write(self.root, "lib/core/log.cpp", '#include "trends/engine.hpp"\n')
        self.assert_one_problem("lib/core/log.cpp", "core/ may not include trends/")

    def test_cli11_outside_cli(self):
        write(self.root, "lib/x/api.cpp", "#include <CLI/App.hpp>\n")
        self.assert_one_problem("lib/x/api.cpp", "CLI11")

    def test_cpp_over_the_line_limit(self):
        limit = layout_check.MAX_CPP_LINES
        write(self.root, "lib/trends/runner.cpp", "int x;\n" * (limit + 1))
        self.assert_one_problem("lib/trends/runner.cpp", f"{limit + 1} lines")

    def test_cpp_at_the_line_limit_passes(self):
        write(self.root, "lib/trends/runner.cpp", "int x;\n" * layout_check.MAX_CPP_LINES)
        self.assertEqual(self.problems(), [])

    def test_main_reports_each_problem_and_fails(self):
        write(self.root, "lib/replay.hpp", "#pragma once\n")
        write(self.root, "lib/sse/hub.cpp", '#include "kafka/producer.hpp"\n')
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(layout_check.main(["layout_check.py", self.root]), 1)
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 2, lines)
        self.assertTrue(all(line.startswith("layout: ") for line in lines), lines)


if __name__ == "__main__":
    unittest.main()
