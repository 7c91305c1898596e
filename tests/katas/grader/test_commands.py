#!/usr/bin/env python3
"""commands: what makes a proof run wrong (prove and bench/katas/stress.py
count the same thing), and the reference solution's files."""
import os
import tempfile
import unittest

import support
from conc_kata.commands import proof_problems, solution_files
from conc_kata.grade import Grade, Stage


def grade(kata, statuses):
    stages = []
    for name, status in statuses.items():
        stage = Stage(name)
        {"pass": lambda: stage.passed("ok"), "fail": lambda: stage.failed("broken"),
         "skipped": lambda: stage.skipped("no tool")}[status]()
        stages.append(stage)
    return Grade(kata, stages)


class Proof(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.kata = support.write_kata(self.tmp.name, meta=dict(
            support.DEMO_META, stages=["build", "tests", "tsan"], starter_fails=["tests", "tsan"],
            checks=[]))

    def tearDown(self):
        self.tmp.cleanup()

    def test_right_proof(self):
        starter = grade(self.kata, {"build": "pass", "tests": "fail", "tsan": "fail"})
        solved = grade(self.kata, {"build": "pass", "tests": "pass", "tsan": "pass"})
        self.assertEqual(proof_problems(self.kata, 1, starter, solved), [])

    def test_starter_passing_an_intended_stage(self):
        starter = grade(self.kata, {"build": "pass", "tests": "fail", "tsan": "pass"})
        solved = grade(self.kata, {"build": "pass", "tests": "pass", "tsan": "pass"})
        self.assertEqual(proof_problems(self.kata, 3, starter, solved),
                         ["run 3: the starter passes its tsan stage, which it must fail"])

    def test_solution_losing_points_and_a_skipped_stage(self):
        starter = grade(self.kata, {"build": "pass", "tests": "skipped", "tsan": "fail"})
        solved = grade(self.kata, {"build": "pass", "tests": "fail", "tsan": "pass"})
        self.assertEqual(proof_problems(self.kata, 2, starter, solved),
                         ["run 2: the tests stage was not graded: no tool",
                          "run 2: the solution fails tests: broken\n"])


class Solution(unittest.TestCase):
    def test_changed_files_from_the_solution_the_rest_from_the_starter(self):
        with tempfile.TemporaryDirectory() as tmp:
            kata = support.write_kata(tmp, meta=dict(support.DEMO_META,
                                                     files=["demo.h", "demo.cpp"]))
            os.makedirs(kata.solution_dir)
            with open(os.path.join(kata.solution_dir, "demo.cpp"), "w") as f:
                f.write("solved")
            with open(os.path.join(kata.dir, "demo.h"), "w") as f:
                f.write("starter header")
            files = solution_files(kata, tmp)
            self.assertEqual(open(os.path.join(files, "demo.cpp")).read(), "solved")
            self.assertEqual(open(os.path.join(files, "demo.h")).read(), "starter header")


if __name__ == "__main__":
    unittest.main(verbosity=2)
