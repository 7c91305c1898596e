#!/usr/bin/env python3
"""Unit tests of conc-kata's grader: limits, formats, and every kata's files.

    grader_test.py --grader-dir katas/grader
"""
import argparse
import json
import os
import re
import sys
import tempfile
import time
import unittest

ARGS = None


def grader():
    sys.path.insert(0, ARGS.grader_dir)
    import conc_kata  # noqa: E402
    return conc_kata


class RunLimits(unittest.TestCase):
    def test_timeout_kills_the_whole_process_group(self):
        ck = grader()
        with tempfile.TemporaryDirectory() as tmp:
            pidfile = os.path.join(tmp, "child")
            start = time.monotonic()
            result = ck.run_limited(["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"], 1)
            self.assertLess(time.monotonic() - start, 10)
            self.assertTrue(result.timed_out)
            child = int(open(pidfile).read())
            time.sleep(0.2)
            with open(f"/proc/{child}/stat") if os.path.exists(f"/proc/{child}/stat") else \
                    open(os.devnull) as stat:
                state = stat.read().split(") ")[-1][:1]
            self.assertIn(state, ("", "Z"), "the background child survived the timeout")

    def test_output_is_capped_and_the_program_not_blocked(self):
        ck = grader()
        result = ck.run_limited(["sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' x; echo done >&2"], 30)
        self.assertFalse(result.timed_out)
        self.assertEqual(result.returncode, 0)
        self.assertTrue(result.truncated)
        self.assertLessEqual(len(result.output), ck.OUTPUT_CAP + 100)
        self.assertIn("[output truncated at 64 KiB]", result.output)

    def test_address_space_limit(self):
        ck = grader()
        code = "b = bytearray(3 << 30); print('allocated')"
        result = ck.run_limited([sys.executable, "-c", code], 30, address_space=1 << 30)
        self.assertNotEqual(result.returncode, 0)
        self.assertNotIn("allocated", result.output)

    def test_missing_program(self):
        ck = grader()
        result = ck.run_limited(["/nonexistent/program"], 5)
        self.assertEqual(result.returncode, 127)
        self.assertIn("cannot run", result.output)

    def test_timeout_message(self):
        ck = grader()
        self.assertEqual(ck.timeout_message(5), "deadlock or endless loop (timed out after 5 s)")
        self.assertEqual(ck.timeout_message(2.5), "deadlock or endless loop (timed out after 2.5 s)")


TSAN_RACE = """==================
WARNING: ThreadSanitizer: data race (pid=1)
  Write of size 8 at 0x7ffe18003298 by thread T2:
    #0 count() /tmp/cache/01-x-abc/./word_count.cpp:13:57 (kata-tsan+0xf278d)
    #1 std::thread::_M_run() /usr/include/c++/12/bits/std_thread.h:211:13 (kata-tsan+0xf2)

  Previous write of size 8 at 0x7ffe18003298 by thread T1:
    #0 count() /tmp/cache/01-x-abc/./word_count.cpp:13:57 (kata-tsan+0xf278d)

SUMMARY: ThreadSanitizer: data race word_count.cpp:13:57 in count()
==================
"""
TSAN_CYCLE = """==================
WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=2)
  Cycle in lock order graph: M0 (0x1) => M1 (0x2) => M0

  Mutex M1 acquired here while holding mutex M0 in thread T1:
    #0 pthread_mutex_lock <null> (kata-tsan+0x1)
    #1 transfer(Account&, Account&, long) bank.cpp:5:19 (kata-tsan+0x2)

  Mutex M0 acquired here while holding mutex M1 in thread T2:
    #0 pthread_mutex_lock <null> (kata-tsan+0x1)
    #1 transfer(Account&, Account&, long) bank.cpp:5:19 (kata-tsan+0x2)
==================
"""


class TsanReports(unittest.TestCase):
    def test_data_race_told_in_the_learners_lines(self):
        ck = grader()
        report = ck.Grader._tsan_report(TSAN_RACE, "/tmp/cache/01-x-abc")
        self.assertEqual(report["kind"], "data race")
        self.assertEqual(report["summary"],
                         "write of size 8 by thread T2 at word_count.cpp:13; "
                         "previous write of size 8 by thread T1 at word_count.cpp:13")

    def test_lock_order_inversion(self):
        ck = grader()
        report = ck.Grader._tsan_report(TSAN_CYCLE, "/tmp/cache/14-x")
        self.assertEqual(report["kind"], "lock-order-inversion")
        self.assertIn("M1 locked while holding M0 by thread T1 at bank.cpp:5", report["summary"])
        self.assertIn("M0 locked while holding M1 by thread T2 at bank.cpp:5", report["summary"])

    def test_no_report(self):
        ck = grader()
        self.assertIsNone(ck.Grader._tsan_report("[  PASSED  ] 3 tests.", "/x"))


class Formats(unittest.TestCase):
    def grade(self, ck, statuses):
        kata = ck.Kata.__new__(ck.Kata)
        kata.name, kata.number, kata.slug, kata.title = "05-demo", "05", "demo", "Demo"
        stages = []
        for name, status in statuses:
            stage = ck.Stage(name)
            {"pass": lambda: stage.passed("ok"), "fail": lambda: stage.failed("broken"),
             "skipped": lambda: stage.skipped("not here")}[status]()
            stages.append(stage)
        return ck.Grade(kata, stages)

    def test_json_scores(self):
        ck = grader()
        g = self.grade(ck, [("build", "pass"), ("tests", "fail"), ("tidy", "skipped")])
        data = g.to_json()
        self.assertEqual((data["score"], data["max_score"], data["passed"]), (20, 50, False))
        self.assertEqual([s["name"] for s in data["stages"]], ["build", "tests", "tidy"])
        for stage in data["stages"]:
            self.assertEqual(set(stage) >= {"name", "status", "points", "message"}, True)

    def test_exercism_v3(self):
        ck = grader()
        data = ck.exercism_results(self.grade(ck, [("build", "pass"), ("tests", "fail"),
                                                   ("tidy", "skipped")]))
        self.assertEqual(data["version"], 3)
        self.assertEqual(data["status"], "fail")
        self.assertEqual([t["status"] for t in data["tests"]], ["pass", "fail"])
        self.assertEqual(data["tests"][1]["message"], "broken")
        self.assertEqual(ck.error_results("exercism", "boom"),
                         {"version": 3, "status": "error", "message": "boom"})

    def test_classroom(self):
        ck = grader()
        data = ck.classroom_results([self.grade(ck, [("build", "pass"), ("tests", "pass")])])
        self.assertEqual((data["version"], data["status"], data["max_score"]), (1, "pass", 50))
        self.assertEqual([(t["name"], t["score"]) for t in data["tests"]],
                         [("05-demo build", 20), ("05-demo tests", 30)])


class NeverSkipped(unittest.TestCase):
    """A stage this build cannot grade fails: a skip would hide a lost check,
    a missing conc-tidy or a missing libconc as a pass (issue 15, section 6)."""

    def kata(self, ck, tmp, checks, requires=()):
        os.makedirs(os.path.join(tmp, "01-demo"))
        meta = {"title": "Demo", "difficulty": "easy", "files": ["demo.cpp"],
                "stages": ["build", "tests", "probe", "tsan", "tidy"], "checks": checks,
                "starter_fails": "tests", "requires": list(requires)}
        with open(os.path.join(tmp, "01-demo", "kata.json"), "w") as f:
            json.dump(meta, f)
        return ck.Kata(ck.Config({"katas_dir": tmp}), "01-demo")

    def grader_with_tidy(self, ck, tmp, tidy_script):
        tidy = ""
        if tidy_script is not None:
            tidy = os.path.join(tmp, "fake-conc-tidy")
            with open(tidy, "w") as f:
                f.write("#!/bin/sh\n" + tidy_script)
            os.chmod(tidy, 0o755)
        config = ck.Config({"katas_dir": tmp, "conc_tidy": tidy, "cxx": sys.executable})
        return ck.Grader(config, os.path.join(tmp, "cache"))

    def judge(self, checks, tidy_script):
        ck = grader()
        with tempfile.TemporaryDirectory() as tmp:
            kata = self.kata(ck, tmp, checks)
            stage = ck.Stage("tidy")
            self.grader_with_tidy(ck, tmp, tidy_script)._judge_tidy(kata, tmp, stage, "")
            return stage

    def test_unknown_check_fails(self):
        stage = self.judge(["conc-no-such-check"],
                           "echo 'Enabled checks:'; echo '    conc-leaked-thread'")
        self.assertEqual(stage.status, "fail")
        self.assertIn("does not know conc-no-such-check", stage.message)

    def test_one_unknown_check_among_known_fails(self):
        stage = self.judge(["conc-leaked-thread", "conc-no-such-check"],
                           "echo 'Enabled checks:'; echo '    conc-leaked-thread'")
        self.assertEqual(stage.status, "fail")

    def test_missing_conc_tidy_fails(self):
        stage = self.judge(["conc-leaked-thread"], None)
        self.assertEqual(stage.status, "fail")
        self.assertIn("conc-tidy is not built", stage.message)

    def test_tidy_stage_without_checks_fails(self):
        stage = self.judge([], "echo 'Enabled checks:'")
        self.assertEqual(stage.status, "fail")

    def test_missing_libconc_fails_every_stage(self):
        ck = grader()
        with tempfile.TemporaryDirectory() as tmp:
            kata = self.kata(ck, tmp, ["conc-leaked-thread"], requires=["libconc"])
            with open(os.path.join(tmp, "01-demo", "test.cpp"), "w") as f:
                f.write("")
            with open(os.path.join(tmp, "01-demo", "demo.cpp"), "w") as f:
                f.write("")
            g = self.grader_with_tidy(ck, tmp, "")
            g._has_libconc = lambda: False
            grade = g.grade(kata, kata.dir)
            self.assertEqual({s.status for s in grade.stages}, {"fail"})
            self.assertIn("needs libconc", grade.stages[0].message)
            self.assertFalse(grade.full_marks)


class EveryKata(unittest.TestCase):
    """The files and metadata every kata must have."""

    def test_katas(self):
        ck = grader()
        katas_dir = os.path.join(os.path.dirname(os.path.abspath(ARGS.grader_dir)))
        config = ck.Config({"katas_dir": katas_dir})
        katas = ck.all_katas(config)
        self.assertGreaterEqual(len(katas), 15)
        numbers = [k.number for k in katas]
        self.assertEqual(numbers, sorted(set(numbers)), "kata numbers must be unique")
        for kata in katas:
            with self.subTest(kata=kata.name):
                for name in kata.files + ["test.cpp", "README.md", "hints.md"]:
                    self.assertTrue(os.path.isfile(os.path.join(kata.dir, name)), name)
                self.assertTrue(kata.sources or kata.files, "no learner files")
                self.assertTrue(kata.starter_fails)
                for stage in kata.starter_fails:
                    self.assertIn(stage, kata.stages)
                # The tidy stage is graded exactly when there is a check to run:
                # never listed without one (it would fail), never left out with one.
                self.assertEqual("tidy" in kata.stages, bool(kata.checks),
                                 "a tidy stage needs checks, and checks need a tidy stage")
                self.assertEqual(len(kata.hints()), 3, "three progressive hints")
                self.assertIn(kata.difficulty, ("easy", "medium", "hard"))
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
    parser = argparse.ArgumentParser()
    parser.add_argument("--grader-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
