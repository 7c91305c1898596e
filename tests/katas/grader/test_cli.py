#!/usr/bin/env python3
"""cli: bad input gives one clear line and exit code 2, in every format."""
import contextlib
import io
import json
import os
import tempfile
import unittest

import support
from conc_kata.cli import main


def call(argv, config=None, env=None):
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv, config=config)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return code, out.getvalue(), err.getvalue()


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        support.write_kata(self.tmp.name, "05-demo")
        self.config = {"katas_dir": self.tmp.name}

    def tearDown(self):
        self.tmp.cleanup()

    def test_no_command_prints_usage(self):
        code, out, _ = call([], self.config)
        self.assertEqual(code, 2)
        self.assertIn("usage: conc-kata", out)

    def test_unknown_kata_in_text_and_json(self):
        code, _, err = call(["grade", "99"], self.config)
        self.assertEqual(code, 2)
        self.assertEqual(err, "conc-kata: unknown kata '99': katas are numbered 05 to 05 "
                              "(see `conc-kata list`)\n")
        code, out, _ = call(["grade", "99", "--json"], self.config)
        self.assertEqual(code, 2)
        self.assertIn("unknown kata '99'", json.loads(out)["error"])

    def test_missing_compiler(self):
        code, _, err = call(["grade", "05"], self.config,
                            env={"CONC_KATA_CXX": "/nonexistent/clang++"})
        self.assertEqual(code, 2)
        self.assertIn("C++ compiler not found: '/nonexistent/clang++'", err)

    def test_bad_kata_json_names_the_file(self):
        with open(os.path.join(self.tmp.name, "05-demo", "kata.json"), "w") as f:
            json.dump(dict(support.DEMO_META, probe=True), f)
        code, _, err = call(["grade", "05"], self.config)
        self.assertEqual(code, 2)
        self.assertIn(os.path.join(self.tmp.name, "05-demo", "kata.json") +
                      ": unknown key 'probe'", err)

    def test_unconfigured_and_broken_configuration(self):
        code, _, err = call(["list"], env={"CONC_KATA_CONFIG": ""})
        self.assertEqual(code, 2)
        self.assertIn("not configured", err)
        path = os.path.join(self.tmp.name, "conc-kata.json")
        with open(path, "w") as f:
            f.write("{")
        code, _, err = call(["list"], env={"CONC_KATA_CONFIG": path})
        self.assertEqual(code, 2)
        self.assertIn("is not valid JSON", err)
        code, _, err = call(["list"], env={"CONC_KATA_CONFIG": path + ".missing"})
        self.assertEqual(code, 2)
        self.assertIn("cannot read the configuration", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
