#!/usr/bin/env python3
"""stages/: each stage's verdict from a program's run (given, never timed)."""
import json
import os
import sys
import tempfile
import unittest

import support
from conc_kata.config import Config
from conc_kata.grade import Stage
from conc_kata.sandbox import RunResult
from conc_kata.stages.locks import describe_lock_finding
from conc_kata.stages.outcome import crash_message, running_test
from conc_kata.stages.probe import judge_probe
from conc_kata.stages.tests import judge_tests
from conc_kata.stages.tidy import judge_tidy
from conc_kata.stages.tsan import tsan_report
from conc_kata.time_limits import Retry

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
GTEST_HANG = """[==========] Running 2 tests from 1 test suite.
[ RUN      ] Inventory.Take
[       OK ] Inventory.Take (0 ms)
[ RUN      ] Inventory.TakeTooMuch
"""


def run_result(returncode=0, output="", timed_out=False, retry=None):
    result = RunResult(returncode, output, timed_out, 1.0, False)
    result.retry = retry
    return result


class TsanReports(unittest.TestCase):
    def test_data_race_told_in_the_learners_lines(self):
        report = tsan_report(TSAN_RACE, "/tmp/cache/01-x-abc")
        self.assertEqual(report["kind"], "data race")
        self.assertEqual(report["summary"],
                         "write of size 8 by thread T2 at word_count.cpp:13; "
                         "previous write of size 8 by thread T1 at word_count.cpp:13")

    def test_lock_order_inversion(self):
        report = tsan_report(TSAN_CYCLE, "/tmp/cache/14-x")
        self.assertEqual(report["kind"], "lock-order-inversion")
        self.assertIn("M1 locked while holding M0 by thread T1 at bank.cpp:5", report["summary"])
        self.assertIn("M0 locked while holding M1 by thread T2 at bank.cpp:5", report["summary"])

    def test_no_report(self):
        self.assertIsNone(tsan_report("[  PASSED  ] 3 tests.", "/x"))


class Tests(unittest.TestCase):
    def kata(self, tmp):
        return support.write_kata(tmp)

    def test_the_deadlock_verdict_names_the_idle_limit_the_test_and_the_rerun(self):
        with tempfile.TemporaryDirectory() as tmp:
            stage = Stage("tests")
            retry = Retry(5.0, 20.0, 4.0, timed_out=True)
            ok = judge_tests(self.kata(tmp), run_result(-9, GTEST_HANG, True, retry),
                             os.path.join(tmp, "none.json"), stage, "HINT")
            self.assertFalse(ok)
            self.assertEqual(stage.status, "fail")
            self.assertEqual(stage.message,
                             "deadlock or endless loop (timed out after 5 s) in test "
                             "Inventory.TakeTooMuch: a thread waits for something that never "
                             "happens. HINT")
            self.assertTrue(stage.details.startswith(
                "timed out after 5 s; re-run once with a limit of 20 s (the machine ran 4.0x "
                "slower than idle): timed out again\n[==========]"), stage.details)

    def test_failures_from_googletests_json(self):
        with tempfile.TemporaryDirectory() as tmp:
            results = os.path.join(tmp, "tests.json")
            with open(results, "w") as f:
                json.dump({"testsuites": [{"name": "S", "testsuite": [
                    {"name": "a"}, {"name": "b", "failures": [{"failure": "x.cpp:3\nboom"}]}]}]}, f)
            stage = Stage("tests")
            self.assertFalse(judge_tests(self.kata(tmp), run_result(1), results, stage, "HINT"))
            self.assertTrue(stage.message.startswith("1 of 2 tests failed: S.b\nx.cpp:3\nboom"))

    def test_pass(self):
        with tempfile.TemporaryDirectory() as tmp:
            results = os.path.join(tmp, "tests.json")
            with open(results, "w") as f:
                json.dump({"testsuites": [{"name": "S", "testsuite": [{"name": "a"}]}]}, f)
            stage = Stage("tests")
            self.assertTrue(judge_tests(self.kata(tmp), run_result(0), results, stage, ""))
            self.assertEqual(stage.message, "1 tests passed in 1.0 s")
            self.assertEqual(stage.details, "")

    def test_crash_messages(self):
        self.assertEqual(running_test(GTEST_HANG), "Inventory.TakeTooMuch")
        self.assertIn("libconc stopped the program in test Inventory.TakeTooMuch: "
                      "conc: close of closed channel",
                      crash_message(run_result(-6, GTEST_HANG + "conc: close of closed channel\n")))
        self.assertIn("destroyed while still joinable", crash_message(run_result(
            -6, "terminate called without an active exception\n")))
        self.assertEqual(crash_message(run_result(-11, "")), "the program crashed with SIGSEGV.")
        self.assertEqual(crash_message(run_result(3, "")), "the test program exited with code 3.")


class Probe(unittest.TestCase):
    def test_leaked_threads_grouped_by_where_they_started(self):
        with tempfile.TemporaryDirectory() as tmp:
            report = os.path.join(tmp, "probe.json")
            thread = {"state": "S (sleeping)", "created_by": "Ticker::start (ticker.cpp:9)"}
            with open(report, "w") as f:
                json.dump({"leaked": [dict(thread, tid=11), dict(thread, tid=12)]}, f)
            stage = Stage("probe")
            judge_probe(support.write_kata(tmp), run_result(0), report, stage, "HINT")
            self.assertEqual(stage.status, "fail")
            self.assertIn("2 thread(s) still running after every test returned: 2 thread(s) in "
                          "state S (sleeping), started at Ticker::start (ticker.cpp:9)",
                          stage.message)

    def test_no_report_or_a_corrupt_one_fails_with_a_reason(self):
        with tempfile.TemporaryDirectory() as tmp:
            kata = support.write_kata(tmp)
            stage = Stage("probe")
            judge_probe(kata, run_result(-11), os.path.join(tmp, "none.json"), stage, "")
            self.assertIn("ended before the thread check (the program crashed with SIGSEGV.)",
                          stage.message)
            report = os.path.join(tmp, "probe.json")
            open(report, "w").write("{")
            judge_probe(kata, run_result(0), report, stage, "")
            self.assertEqual(stage.status, "fail")
            self.assertIn("not valid JSON", stage.message)

    def test_timed_out_run_is_not_checked(self):
        with tempfile.TemporaryDirectory() as tmp:
            stage = Stage("probe")
            judge_probe(support.write_kata(tmp), run_result(-9, "", True), "", stage, "")
            self.assertEqual(stage.message, "not checked: the tests did not finish (deadlock "
                             "or endless loop (timed out after 5 s))")


class Locks(unittest.TestCase):
    def test_cycle_told_in_the_learners_frames(self):
        frame = lambda fn, line: {"function": fn, "file": "/x/bank.cpp", "line": line}  # noqa: E731
        system = {"function": "lock", "file": "/usr/include/c++/12/mutex", "line": 3}
        finding = {"kind": "lock-order-inversion", "edges": [
            {"acquired": "b.mu", "held": "a.mu", "test": "Bank.Transfer",
             "acquired_stack": [system, frame("transfer", 7)], "held_stack": [frame("transfer", 6)]},
            {"acquired": "a.mu", "held": "b.mu",
             "acquired_stack": [frame("transfer", 7)], "held_stack": [frame("transfer", 6)]}]}
        self.assertEqual(describe_lock_finding(finding),
                         "lock-order cycle of 2 locks: b.mu taken in transfer (bank.cpp:7) while "
                         "holding a.mu, taken in transfer (bank.cpp:6) in test Bank.Transfer, "
                         "a.mu taken in transfer (bank.cpp:7) while holding b.mu, taken in "
                         "transfer (bank.cpp:6)")


class TidyNeverSkipped(unittest.TestCase):
    """A stage this build cannot grade fails: a skip would hide a lost check,
    a missing conc-tidy or a missing libconc as a pass (issue 15, section 6)."""

    def judge(self, checks, tidy_script):
        with tempfile.TemporaryDirectory() as tmp:
            kata = support.write_kata(tmp, meta=dict(support.DEMO_META, checks=checks))
            tidy = ""
            if tidy_script is not None:
                tidy = support.write_script(os.path.join(tmp, "fake-conc-tidy"), tidy_script)
            config = Config({"katas_dir": tmp, "conc_tidy": tidy, "cxx": sys.executable})
            stage = Stage("tidy")
            judge_tidy(config, kata, tmp, stage, "")
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

    def test_findings_outside_test_cpp_fail_and_name_the_docs(self):
        script = ("case \"$1\" in --list-checks) echo '    conc-leaked-thread'; exit 0;; esac\n"
                  "echo 'demo.cpp:3:5: warning: thread leaks [conc-leaked-thread]'\n"
                  "echo 'test.cpp:9:1: warning: not yours [conc-leaked-thread]'\nexit 1\n")
        stage = self.judge(["conc-leaked-thread"], script)
        self.assertEqual(stage.status, "fail")
        self.assertIn("conc-tidy reports 1 finding(s):\ndemo.cpp:3:5: thread leaks "
                      "[conc-leaked-thread]\nRead docs/checks/conc-leaked-thread.md.",
                      stage.message)


if __name__ == "__main__":
    unittest.main(verbosity=2)
