"""Grading one kata: the stages in order, on a scratch copy of the learner's
files.

grade() = prepare() + judge() + discard(). prepare() copies the files; the
binaries are built on first use and kept in the Attempt, and so is the tidy
verdict (it depends on the sources only), so that judging an Attempt again
repeats only the stages whose result can depend on scheduling: the runs of
the tests (tests, probe, locks) and of the ThreadSanitizer build (tsan).
bench/katas/stress.py relies on that.
"""

import os
import shutil
import tempfile
import time

from .build import Builder, build_variant, has_libconc
from .catalogue import STAGE_ORDER
from .grade import Grade, Stage
from .sandbox import run_limited
from .stages.locks import judge_locks
from .stages.probe import judge_probe
from .stages.tests import judge_tests, run_tests
from .stages.tidy import judge_tidy
from .stages.tsan import judge_tsan
from .time_limits import IdleTimes, TimeLimit, measure_slowdown, run_within


class Attempt:
    """One set of learner files in a scratch directory, and what was built
    from them."""

    def __init__(self, kata, scratch, missing):
        self.kata = kata
        self.scratch = scratch
        self.missing = missing
        self.builds = {}        # variant: (binary or None, compiler output)
        self.tidy_verdict = None  # (status, message, details) once judged

    def discard(self):
        shutil.rmtree(self.scratch, ignore_errors=True)


class Grader:
    def __init__(self, config, cache_dir, tsan_runs=None, log=None,
                 slowdown=measure_slowdown, sandbox_run=run_limited):
        self.config = config
        self.builder = Builder(config, cache_dir)
        self.cache_dir = self.builder.cache_dir
        self.tsan_runs = tsan_runs
        self.log = log or (lambda message: None)
        self.slowdown = slowdown
        self.sandbox_run = sandbox_run
        self.idle_times = IdleTimes(self.cache_dir)

    def run_within_limit(self, kata, purpose, idle_limit, once, retry=True):
        """Every run of a test program goes through here: the idle limit, and
        one re-run with a load-scaled limit before a time-out counts
        (time_limits.py)."""
        key = f"{kata.name}/{purpose}"
        limit = TimeLimit(idle_limit, self.idle_times.get(key), retry=retry)
        return run_within(limit, once, slowdown=self.slowdown, idle_times=self.idle_times,
                          key=key)

    # The learner's files and the kata's own test.cpp are copied side by side
    # into a scratch directory: test.cpp's #include "x.h" must find the
    # learner's x.h, and the learner cannot edit the tests that grade them.
    def prepare(self, kata, files_dir):
        scratch = tempfile.mkdtemp(prefix=f"{kata.name}-", dir=self.cache_dir)
        missing = []
        for name in kata.files:
            src = os.path.join(files_dir, name)
            if not os.path.isfile(src):
                missing.append(name)
                continue
            shutil.copyfile(src, os.path.join(scratch, name))
        shutil.copyfile(os.path.join(kata.dir, "test.cpp"), os.path.join(scratch, "test.cpp"))
        return Attempt(kata, scratch, missing)

    def binary(self, attempt, variant):
        """(binary path, "") or (None, why it does not build); built once."""
        if variant not in attempt.builds:
            attempt.builds[variant] = build_variant(self.builder, attempt.kata,
                                                    attempt.scratch, variant)
        return attempt.builds[variant]

    def grade(self, kata, files_dir):
        attempt = self.prepare(kata, files_dir)
        try:
            return self.judge(attempt)
        finally:
            attempt.discard()

    def judge(self, attempt):
        started = time.monotonic()
        grade = Grade(attempt.kata, [Stage(name) for name in attempt.kata.stages])
        self._judge_into(attempt, grade)
        grade.seconds = time.monotonic() - started
        return grade

    def _judge_into(self, attempt, grade):
        kata = attempt.kata
        hint = f"Stuck? `conc-kata hint {kata.number}`."
        build, tests, probe, tsan, tidy, locks = (grade.stage(n) for n in STAGE_ORDER)
        if kata.needs_libconc and not has_libconc(self.config):
            # A missing part is a failure, never a skip: a build without
            # libconc cannot grade this kata, and must say so loudly.
            for stage in grade.stages:
                stage.failed("not graded: this kata needs libconc (conc/channel.h and its "
                             "sources), which this build of conc does not have (configure "
                             "with CONC_BUILD_RUNTIME=ON)")
            return
        if attempt.missing:
            reason = (f"missing file(s): {', '.join(attempt.missing)} "
                      f"(run `conc-kata reset {kata.number}`)")
            for stage in grade.stages:
                stage.failed(reason)
            return

        # build: the plain variant, -Werror
        t0 = time.monotonic()
        self.log("build")
        binary, why = self.binary(attempt, "plain")
        if build:
            build.seconds = time.monotonic() - t0
            if binary:
                build.passed("compiles cleanly with -Wall -Wextra -Werror")
            else:
                build.failed("does not compile without warnings; the compiler says:\n" + why +
                             f"\n{hint}")
        if not binary:
            for stage in grade.stages:
                if stage.status == "pending":
                    stage.failed("not run: the code does not build")
            return

        # tests and probe: one run of the plain binary answers both
        t0 = time.monotonic()
        self.log("tests")
        run, results, report = run_tests(self, attempt, binary)
        judge_tests(kata, run, results, tests, hint)
        if tests:
            tests.seconds = time.monotonic() - t0
        if probe:
            judge_probe(kata, run, report, probe, hint)

        if locks:
            t0 = time.monotonic()
            self.log("locks")
            judge_locks(self, attempt, binary, locks, hint)
            locks.seconds = time.monotonic() - t0

        # tsan: its own build, repeated runs, first report wins
        if tsan:
            t0 = time.monotonic()
            self.log("tsan")
            judge_tsan(self, attempt, tsan, hint, hung=run.timed_out)
            tsan.seconds = time.monotonic() - t0

        if tidy:
            t0 = time.monotonic()
            self.log("tidy")
            if attempt.tidy_verdict is None:
                judge_tidy(self.config, kata, attempt.scratch, tidy, hint)
                attempt.tidy_verdict = (tidy.status, tidy.message, tidy.details)
            else:
                status, message, details = attempt.tidy_verdict
                (tidy.passed if status == "pass" else tidy.failed)(message, details)
            tidy.seconds = time.monotonic() - t0
