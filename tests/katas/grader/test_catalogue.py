#!/usr/bin/env python3
"""catalogue: kata.json through a schema that names the file and the key at
fault; every kata in the repository follows it and has its files."""
import json
import os
import tempfile
import unittest

import support
from conc_kata.catalogue import (SCHEMA, KataSchemaError, all_katas, find_kata,
                                 read_kata_json)
from conc_kata.config import Config
from conc_kata.errors import UsageError


class Schema(unittest.TestCase):
    def read(self, meta, raw=None):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "kata.json")
            with open(path, "w") as f:
                f.write(raw if raw is not None else json.dumps(meta))
            try:
                return read_kata_json(path), path
            except KataSchemaError as error:
                return error, path

    def rejected(self, meta, *fragments, raw=None):
        error, path = self.read(meta, raw)
        self.assertIsInstance(error, KataSchemaError, f"accepted: {meta}")
        self.assertIsInstance(error, UsageError)   # exit code 2, one clear line
        self.assertTrue(str(error).startswith(path + ": "), str(error))
        for fragment in fragments:
            self.assertIn(fragment, str(error))

    def test_every_key_accepted(self):
        meta = dict(support.DEMO_META, requires=["libconc"], tsan_runs=3,
                    sources_note="header-only", starter_fails=["tests", "probe"])
        self.assertEqual(set(meta), set(SCHEMA))
        result, _ = self.read(meta)
        self.assertEqual(result, meta)

    def test_unknown_key_names_the_file_and_the_key(self):
        self.rejected(dict(support.DEMO_META, probe=True), "unknown key 'probe'", "known keys:")
        self.rejected(dict(support.DEMO_META, starter_fail="tests"), "unknown key 'starter_fail'")

    def test_missing_required_key(self):
        for key in ("title", "difficulty", "files", "starter_fails"):
            meta = dict(support.DEMO_META)
            del meta[key]
            with self.subTest(key=key):
                self.rejected(meta, f"missing key '{key}'")

    def test_wrong_values(self):
        cases = [("difficulty", "trivial", "one of 'easy'"),
                 ("files", [], "non-empty list"),
                 ("files", ["src/demo.cpp"], "plain file name"),
                 ("files", ["test.cpp"], "plain file name"),
                 ("stages", ["build", "lint"], "'lint' is not"),
                 ("checks", ["bugprone-x"], "conc-tidy check name"),
                 ("requires", ["boost"], "'boost' is not"),
                 ("starter_fails", "lint", "a stage name"),
                 ("starter_fails", [], "a stage name"),
                 ("timeout", 0, "greater than 0"),
                 ("timeout", "5", "greater than 0"),
                 ("timeout", True, "greater than 0"),
                 ("tsan_runs", 2.5, "an integer"),
                 ("title", "", "non-empty string")]
        for key, value, fragment in cases:
            with self.subTest(key=key, value=value):
                self.rejected(dict(support.DEMO_META, **{key: value}), f"'{key}' must be",
                              fragment)

    def test_starter_must_fail_one_of_its_stages(self):
        self.rejected(dict(support.DEMO_META, stages=["build", "tests"], starter_fails="tsan"),
                      "'starter_fails' names 'tsan', which is not one of its stages")

    def test_not_json_or_not_an_object(self):
        self.rejected(None, "not valid JSON", raw="{\"title\": ")
        self.rejected(None, "one JSON object", raw="[]")

    def test_a_bad_kata_json_stops_the_catalogue_with_its_name(self):
        with tempfile.TemporaryDirectory() as tmp:
            support.write_kata(tmp, "01-good")
            bad = os.path.join(tmp, "02-bad")
            os.makedirs(bad)
            with open(os.path.join(bad, "kata.json"), "w") as f:
                json.dump(dict(support.DEMO_META, probe=True), f)
            with self.assertRaises(KataSchemaError) as caught:
                all_katas(Config({"katas_dir": tmp}))
            self.assertIn(os.path.join(bad, "kata.json"), str(caught.exception))


class Finding(unittest.TestCase):
    def test_by_number_name_slug(self):
        with tempfile.TemporaryDirectory() as tmp:
            support.write_kata(tmp, "05-demo")
            config = Config({"katas_dir": tmp})
            for ident in ("05", "5", "05-demo", "demo", "05-demo/"):
                self.assertEqual(find_kata(config, ident).name, "05-demo")
            with self.assertRaises(UsageError) as caught:
                find_kata(config, "99")
            self.assertIn("unknown kata '99'", str(caught.exception))


class EveryKata(unittest.TestCase):
    """The files and metadata every kata in the repository must have."""

    def test_katas(self):
        katas = all_katas(Config({"katas_dir": support.KATAS_DIR}))
        self.assertGreaterEqual(len(katas), 26)
        numbers = [k.number for k in katas]
        self.assertEqual(numbers, sorted(set(numbers)), "kata numbers must be unique")
        for kata in katas:
            with self.subTest(kata=kata.name):
                for name in kata.files + ["test.cpp", "README.md", "hints.md"]:
                    self.assertTrue(os.path.isfile(os.path.join(kata.dir, name)), name)
                # The tidy stage is graded exactly when there is a check to run:
                # never listed without one (it would fail), never left out with one.
                self.assertEqual("tidy" in kata.stages, bool(kata.checks),
                                 "a tidy stage needs checks, and checks need a tidy stage")
                self.assertEqual(len(kata.hints()), 3, "three progressive hints")
                solution = [f for f in kata.files
                            if os.path.isfile(os.path.join(kata.solution_dir, f))]
                self.assertTrue(solution, "no reference solution")
                for f in solution:
                    self.assertNotEqual(open(os.path.join(kata.dir, f)).read(),
                                        open(os.path.join(kata.solution_dir, f)).read(),
                                        f"solution {f} is the starter")
                readme = open(os.path.join(kata.dir, "README.md")).read()
                for heading in ("## The story", "## The anti-pattern", "## Why it bites",
                                "## The Go idiom", "## The check that finds it", "## Your task"):
                    self.assertIn(heading, readme)
                for check in kata.checks:
                    self.assertIn(f"../../docs/checks/{check}.md", readme)


if __name__ == "__main__":
    unittest.main(verbosity=2)
