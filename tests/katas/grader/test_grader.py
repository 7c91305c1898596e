#!/usr/bin/env python3
"""grader: the stages in order on an Attempt; judging an Attempt again repeats
only the runs (what scheduling can change), never the build or conc-tidy; a
slow run on a busy machine is re-run before it counts as a deadlock. The
program runs are faked (no compiler, no clock)."""
import json
import os
import sys
import tempfile
import unittest

import support
from conc_kata import grader as grader_module
from conc_kata.config import Config
from conc_kata.grader import Grader
from conc_kata.sandbox import RunResult


class FakePrograms:
    """Answers the grader's runs of kata-plain and kata-tsan: a test program
    that needs `seconds` (None: deadlocks) and passes its one test."""

    def __init__(self, seconds=0.1):
        self.seconds = seconds
        self.runs = []   # (binary name, limit)

    def __call__(self, argv, limit, env=None, cwd=None, address_space=None):
        self.runs.append((os.path.basename(argv[0]), limit))
        if self.seconds is None or self.seconds > limit:
            return RunResult(-9, "[ RUN      ] Demo.Works\n", True, limit, False)
        for arg in argv[1:]:
            if arg.startswith("--gtest_output=json:"):
                with open(arg.split(":", 1)[1], "w") as f:
                    json.dump({"testsuites": [{"name": "Demo", "testsuite": [{"name": "Works"}]}]}, f)
        if env and env.get("CONC_KATA_PROBE_REPORT"):
            with open(env["CONC_KATA_PROBE_REPORT"], "w") as f:
                json.dump({"leaked": []}, f)
        return RunResult(0, "[  PASSED  ] 1 test.\n", False, self.seconds, False)


def never_build(*args):
    raise AssertionError("built again")


class GraderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        tmp = self.tmp.name
        self.kata = support.write_kata(tmp)
        count = os.path.join(tmp, "tidy-runs")
        self.tidy_runs = count
        # A conc-tidy that knows the kata's check, finds nothing, and counts its analyses.
        tidy = support.write_script(os.path.join(tmp, "fake-conc-tidy"),
                                    "case \"$1\" in --list-checks) echo '    conc-leaked-thread';"
                                    f" exit 0;; esac\necho run >> {count}\nexit 0\n")
        self.config = Config({"katas_dir": tmp, "conc_tidy": tidy, "cxx": sys.executable})
        self.saved_build = grader_module.build_variant
        self.built = []

        def build(builder, kata, scratch, variant):
            self.built.append(variant)
            return os.path.join(scratch, f"kata-{variant}"), ""
        grader_module.build_variant = build

    def tearDown(self):
        grader_module.build_variant = self.saved_build
        self.tmp.cleanup()

    def grader(self, programs, slowdown=lambda: 1.0):
        return Grader(self.config, os.path.join(self.tmp.name, "cache"), tsan_runs=2,
                      slowdown=slowdown, sandbox_run=programs)

    def test_judging_again_repeats_only_the_runs(self):
        programs = FakePrograms()
        grader = self.grader(programs)
        attempt = grader.prepare(self.kata, self.kata.dir)
        try:
            first = grader.judge(attempt)
            second = grader.judge(attempt)
        finally:
            attempt.discard()
        for grade in (first, second):
            self.assertEqual([(s.name, s.status) for s in grade.stages],
                             [("build", "pass"), ("tests", "pass"), ("probe", "pass"),
                              ("tsan", "pass"), ("tidy", "pass")])
        self.assertEqual(self.built, ["plain", "tsan"], "each variant is built once")
        self.assertEqual(len(open(self.tidy_runs).read().split()), 1, "conc-tidy ran once")
        # Per judge: one test run and two TSan runs (tsan_runs=2).
        self.assertEqual([name for name, _ in programs.runs],
                         ["kata-plain", "kata-tsan", "kata-tsan"] * 2)

    def test_a_slow_correct_program_on_a_busy_machine_gets_full_marks(self):
        programs = FakePrograms(seconds=12.0)   # the kata's limit is 5 s (10 s under TSan)
        grade = self.grader(programs, slowdown=lambda: 4.0).grade(self.kata, self.kata.dir)
        self.assertTrue(grade.full_marks, [(s.name, s.message) for s in grade.stages])
        self.assertEqual(programs.runs[:2], [("kata-plain", 5.0), ("kata-plain", 20.0)])
        self.assertIn("re-run once with a limit of 20 s", grade.stage("tests").details)

    def test_a_deadlock_is_reported_after_one_rerun_and_tsan_runs_once(self):
        programs = FakePrograms(seconds=None)
        grade = self.grader(programs, slowdown=lambda: 1.0).grade(self.kata, self.kata.dir)
        self.assertEqual(grade.stage("tests").message.splitlines()[0],
                         "deadlock or endless loop (timed out after 5 s) in test Demo.Works: a "
                         "thread waits for something that never happens. Stuck? "
                         "`conc-kata hint 01`.")
        self.assertEqual(grade.stage("probe").status, "fail")
        self.assertEqual(programs.runs, [("kata-plain", 5.0), ("kata-plain", 5.0),
                                         ("kata-tsan", 5.0)])

    def test_the_katas_idle_time_is_learned_from_passing_runs(self):
        grader = self.grader(FakePrograms(seconds=0.25))
        grader.grade(self.kata, self.kata.dir)
        self.assertEqual(grader.idle_times.get("01-demo/tests"), 0.25)
        self.assertEqual(grader.idle_times.get("01-demo/tsan"), 0.25)

    def test_missing_libconc_fails_every_stage(self):
        with tempfile.TemporaryDirectory() as tmp:
            kata = support.write_kata(tmp, meta=dict(support.DEMO_META, requires=["libconc"]))
            grader_module.build_variant = never_build
            grade = Grader(Config({"katas_dir": tmp, "cxx": sys.executable}),
                           os.path.join(tmp, "cache")).grade(kata, kata.dir)
            self.assertEqual({s.status for s in grade.stages}, {"fail"})
            self.assertIn("needs libconc", grade.stages[0].message)
            self.assertFalse(grade.full_marks)

    def test_missing_learner_file_fails_every_stage(self):
        os.unlink(os.path.join(self.kata.dir, "demo.cpp"))
        grader_module.build_variant = never_build
        grade = self.grader(FakePrograms()).grade(self.kata, self.kata.dir)
        self.assertEqual({s.status for s in grade.stages}, {"fail"})
        self.assertIn("missing file(s): demo.cpp (run `conc-kata reset 01`)",
                      grade.stages[0].message)

    def test_build_failure_fails_the_rest_as_not_run(self):
        grader_module.build_variant = lambda *args: (None, "demo.cpp:1:1: error: nope")
        grade = self.grader(FakePrograms()).grade(self.kata, self.kata.dir)
        self.assertIn("demo.cpp:1:1: error: nope", grade.stage("build").message)
        self.assertEqual({s.message for s in grade.stages[1:]}, {"not run: the code does not build"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
