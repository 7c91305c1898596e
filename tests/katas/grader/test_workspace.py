#!/usr/bin/env python3
"""workspace: found from any folder inside it, progress recorded per kata."""
import os
import tempfile
import unittest

import support
from conc_kata.errors import UsageError
from conc_kata.grade import Grade, Stage
from conc_kata.workspace import WORKSPACE_MARK, Workspace, copy_starter


class WorkspaceTest(unittest.TestCase):
    def test_found_from_a_subfolder_and_not_elsewhere(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, ".conc-kata"))
            open(os.path.join(tmp, WORKSPACE_MARK), "w").close()
            inner = os.path.join(tmp, "01-demo", "deeper")
            os.makedirs(inner)
            self.assertEqual(Workspace.find(inner).root, tmp)
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(UsageError) as caught:
                Workspace.find(tmp)
            self.assertIn("is not a kata workspace", str(caught.exception))

    def test_progress_keeps_the_best_and_once_passed_stays_passed(self):
        with tempfile.TemporaryDirectory() as tmp:
            kata = support.write_kata(os.path.join(tmp, "katas"))
            os.makedirs(os.path.join(tmp, "ws", ".conc-kata"))
            ws = Workspace(os.path.join(tmp, "ws"))
            self.assertEqual(ws.load_progress(), {"version": 1, "katas": {}})

            def grade(passing):
                stage = Stage("build")
                stage.passed("ok") if passing else stage.failed("no")
                return Grade(kata, [stage])
            ws.record(grade(True))
            ws.record(grade(False))
            entry = ws.load_progress()["katas"]["01-demo"]
            self.assertEqual((entry["attempts"], entry["last_score"], entry["best_score"],
                              entry["passed"]), (2, 0, 20, True))

    def test_corrupt_progress_starts_over(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, ".conc-kata"))
            with open(os.path.join(tmp, ".conc-kata", "progress.json"), "w") as f:
                f.write("{oops")
            self.assertEqual(Workspace(tmp).load_progress()["katas"], {})

    def test_starter_copy_has_a_read_only_test(self):
        with tempfile.TemporaryDirectory() as tmp:
            kata = support.write_kata(os.path.join(tmp, "katas"))
            dest = os.path.join(tmp, "ws", kata.name)
            copy_starter(kata, dest)
            self.assertTrue(os.path.isfile(os.path.join(dest, "demo.cpp")))
            self.assertEqual(os.stat(os.path.join(dest, "test.cpp")).st_mode & 0o777, 0o444)


if __name__ == "__main__":
    unittest.main(verbosity=2)
