#!/usr/bin/env python3
"""time_limits: a time-out is a deadlock verdict only when a re-run with a
limit scaled for the machine's load times out too. No test reads a real clock:
the clocks, the slowdown and the program runs are injected."""
import os
import tempfile
import unittest

import support  # noqa: F401
from conc_kata import time_limits as tl
from conc_kata.sandbox import RunResult


class FakeClocks:
    """A process that gets `share` of a CPU: each step of the busy loop burns
    `step` CPU seconds and step/share wall seconds."""

    def __init__(self, share, step=0.001):
        self.share, self.step = share, step
        self.cpu = self.wall = 0.0
        self.cpu_reads = 0

    def wall_clock(self):
        return self.wall

    def cpu_clock(self):
        self.cpu_reads += 1
        if self.cpu_reads > 1:  # time passes between reads, never before the first
            self.cpu += self.step
            self.wall += self.step / self.share if self.share else self.step
        return self.cpu


class Slowdown(unittest.TestCase):
    def test_idle_machine_is_one(self):
        clocks = FakeClocks(share=1.0)
        self.assertAlmostEqual(tl.measure_slowdown(clocks.wall_clock, clocks.cpu_clock), 1.0)

    def test_a_third_of_a_cpu_is_three(self):
        clocks = FakeClocks(share=1 / 3)
        self.assertAlmostEqual(tl.measure_slowdown(clocks.wall_clock, clocks.cpu_clock), 3.0)

    def test_no_cpu_at_all_ends_and_reports_the_cap(self):
        clocks = FakeClocks(share=0)
        clocks.step = 0.0
        # The wall clock must still move for the loop to end: it does, by
        # max_wall_seconds; the CPU clock never does.
        ticks = iter(range(10 ** 6))
        self.assertEqual(tl.measure_slowdown(lambda: next(ticks) * 0.01, clocks.cpu_clock),
                         tl.MAX_SLOWDOWN)

    def test_slowdown_from(self):
        self.assertAlmostEqual(tl.slowdown_from(0.3, 0.1), 3.0)
        self.assertEqual(tl.slowdown_from(0.05, 0.1), 1.0)   # never faster than idle
        self.assertEqual(tl.slowdown_from(100.0, 0.1), tl.MAX_SLOWDOWN)
        self.assertEqual(tl.slowdown_from(1.0, 0.0), tl.MAX_SLOWDOWN)


class RetryLimit(unittest.TestCase):
    def test_without_the_katas_idle_time_the_idle_limit_scales(self):
        self.assertEqual(tl.TimeLimit(5).retry_limit(3.0), 15.0)

    def test_with_the_katas_idle_time_margin_times_idle_time_times_slowdown(self):
        self.assertEqual(tl.TimeLimit(5, idle_time=2.0).retry_limit(4.0),
                         tl.MARGIN * 2.0 * 4.0)

    def test_never_below_the_idle_limit(self):
        self.assertEqual(tl.TimeLimit(5, idle_time=0.01).retry_limit(3.0), 5.0)
        self.assertEqual(tl.TimeLimit(5).retry_limit(0.5), 5.0)

    def test_never_above_max_scale(self):
        self.assertEqual(tl.TimeLimit(5).retry_limit(tl.MAX_SLOWDOWN), 5 * tl.MAX_SCALE)


class Program:
    """A program that needs `idle_seconds` of an idle machine, run on a machine
    `slowdown` times slower; None = deadlocked (never finishes)."""

    def __init__(self, idle_seconds, slowdown, returncode=0):
        self.idle_seconds, self.slowdown, self.returncode = idle_seconds, slowdown, returncode
        self.limits = []

    def run(self, limit):
        self.limits.append(limit)
        if self.idle_seconds is None or self.idle_seconds * self.slowdown > limit:
            return RunResult(-9, "[ RUN      ] Suite.Test\n", True, limit, False)
        return RunResult(self.returncode, "", False, self.idle_seconds * self.slowdown, False)


def no_slowdown_measured():
    raise AssertionError("the slowdown is measured only after a time-out")


class RunWithin(unittest.TestCase):
    def test_a_run_in_time_runs_once_and_measures_nothing(self):
        program = Program(idle_seconds=1.0, slowdown=1.0)
        result = tl.run_within(tl.TimeLimit(5), program.run, slowdown=no_slowdown_measured)
        self.assertFalse(result.timed_out)
        self.assertIsNone(result.retry)
        self.assertEqual(program.limits, [5.0])

    def test_a_correct_slow_kata_on_a_busy_machine_is_not_a_deadlock(self):
        # 3 s on an idle machine, within its 5 s limit; 4x slower now: 12 s.
        for idle_time in (None, 3.0):
            with self.subTest(idle_time=idle_time):
                program = Program(idle_seconds=3.0, slowdown=4.0)
                result = tl.run_within(tl.TimeLimit(5, idle_time=idle_time), program.run,
                                       slowdown=lambda: 4.0)
                self.assertFalse(result.timed_out)
                self.assertEqual(result.returncode, 0)
                self.assertEqual(len(program.limits), 2)
                self.assertFalse(result.retry.timed_out)
                self.assertIn("re-run once with a limit of", result.retry.describe())
                self.assertIn("4.0x slower than idle", result.retry.describe())

    def test_a_deadlock_is_a_deadlock_on_an_idle_machine(self):
        program = Program(idle_seconds=None, slowdown=1.0)
        result = tl.run_within(tl.TimeLimit(5), program.run, slowdown=lambda: 1.0)
        self.assertTrue(result.timed_out)
        self.assertEqual(program.limits, [5.0, 5.0])   # re-run once, same limit
        self.assertTrue(result.retry.timed_out)
        self.assertIn("timed out again", result.retry.describe())

    def test_a_deadlock_is_a_deadlock_on_a_busy_machine(self):
        program = Program(idle_seconds=None, slowdown=6.0)
        result = tl.run_within(tl.TimeLimit(5, idle_time=0.1), program.run, slowdown=lambda: 6.0)
        self.assertTrue(result.timed_out)
        # The kata's own idle time (0.1 s) keeps the re-run short: max(5, 2*0.1*6).
        self.assertEqual(program.limits, [5.0, 5.0])

    def test_without_retry_one_run_decides(self):
        program = Program(idle_seconds=None, slowdown=1.0)
        result = tl.run_within(tl.TimeLimit(5, retry=False), program.run,
                               slowdown=no_slowdown_measured)
        self.assertTrue(result.timed_out)
        self.assertIsNone(result.retry)
        self.assertEqual(program.limits, [5.0])

    def test_passing_runs_teach_the_katas_idle_time(self):
        with tempfile.TemporaryDirectory() as tmp:
            times = tl.IdleTimes(tmp)
            for seconds in (2.0, 0.5, 1.0):
                tl.run_within(tl.TimeLimit(5), Program(seconds, 1.0).run,
                              slowdown=no_slowdown_measured, idle_times=times, key="k/tests")
            self.assertEqual(times.get("k/tests"), 0.5)   # the fastest passing run

    def test_failing_and_timed_out_runs_teach_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            times = tl.IdleTimes(tmp)
            tl.run_within(tl.TimeLimit(5), Program(0.01, 1.0, returncode=1).run,
                          slowdown=no_slowdown_measured, idle_times=times, key="k/tests")
            tl.run_within(tl.TimeLimit(5), Program(None, 1.0).run, slowdown=lambda: 1.0,
                          idle_times=times, key="k/tests")
            self.assertIsNone(times.get("k/tests"))


class IdleTimesFile(unittest.TestCase):
    def test_unreadable_or_corrupt_file_means_unknown(self):
        with tempfile.TemporaryDirectory() as tmp:
            times = tl.IdleTimes(tmp)
            self.assertIsNone(times.get("k/tests"))
            with open(os.path.join(tmp, "idle-times.json"), "w") as f:
                f.write("{not json")
            self.assertIsNone(times.get("k/tests"))
            times.record("k/tests", 1.5)   # a corrupt file is replaced, not fatal
            self.assertEqual(times.get("k/tests"), 1.5)

    def test_no_directory_records_nothing(self):
        times = tl.IdleTimes("")
        times.record("k/tests", 1.0)
        self.assertIsNone(times.get("k/tests"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
