"""The tests stage: the kata's GoogleTest tests pass within the time limit.
One run of the plain binary answers this stage and the probe stage."""

import json
import os

from .. import deadlock_picture
from ..build import uses_probe
from ..report_text import compiler_diagnostics, first_lines
from ..time_limits import timeout_message
from .outcome import crash_message, retry_details, running_test


def run_tests(grader, attempt, binary):
    """Runs the tests once (re-run once on a time-out, see time_limits.py).
    Returns (run, GoogleTest's JSON results path, the leak probe's report path)."""
    scratch = attempt.scratch
    report = os.path.join(scratch, "probe.json")
    results = os.path.join(scratch, "tests.json")
    for stale in (report, results):  # a repeated judge must not read the last run's files
        if os.path.exists(stale):
            os.unlink(stale)
    env = dict(os.environ, CONC_KATA_PROBE_REPORT=report)

    argv = [binary, f"--gtest_output=json:{results}"]
    attempts = []

    def once(limit):
        attempts.append(limit)
        if len(attempts) > 1 and uses_probe(grader.config, "plain"):
            # The re-run after a time-out also draws who waits for whom when
            # it hangs again: the probe dumps every thread after `limit`.
            return deadlock_picture.rerun(None, argv, limit, env, scratch,
                                          grader.sandbox_run, attempt.kata.files)
        return grader.sandbox_run(argv, limit, env=env, cwd=scratch)
    run = grader.run_within_limit(attempt.kata, "tests", attempt.kata.timeout, once)
    return run, results, report


def test_failures(results_path):
    failures, total = [], 0
    if os.path.exists(results_path):
        with open(results_path, encoding="utf-8") as f:
            try:
                data = json.load(f)
            except ValueError:
                data = {}
        for suite in data.get("testsuites", []):
            for case in suite.get("testsuite", []):
                total += 1
                if case.get("failures"):
                    text = "\n".join(x.get("failure", "") for x in case["failures"])
                    failures.append((f"{suite['name']}.{case['name']}",
                                     compiler_diagnostics(text, os.path.dirname(results_path))))
    return failures, total


def timeout_verdict(kata, run, stage, hint):
    """The tests timed out twice (time_limits.run_within): the program is
    deadlocked or loops forever. This is the one place that says so, with
    the picture of who waits for whom that the re-run drew
    (deadlock_picture.py)."""
    running = running_test(run.output)
    stage.failed(timeout_message(kata.timeout) +
                 (f" in test {running}" if running else "") +
                 f": a thread waits for something that never happens. {hint}" +
                 deadlock_picture.text(run),
                 retry_details(run, first_lines(run.output, 30)))


def judge_tests(kata, run, results_path, stage, hint):
    failures, total = test_failures(results_path)
    if not stage:
        return run.returncode == 0
    if run.timed_out:
        timeout_verdict(kata, run, stage, hint)
        return False
    if failures:
        names = ", ".join(n for n, _ in failures)
        first = first_lines(failures[0][1], 8)
        stage.failed(f"{len(failures)} of {total} tests failed: {names}\n{first}\n{hint}",
                     retry_details(run, first_lines(run.output, 40)))
        return False
    if run.returncode != 0:
        stage.failed(crash_message(run) + f" {hint}",
                     retry_details(run, first_lines(run.output, 30)))
        return False
    stage.passed(f"{total} tests passed in {run.seconds:.1f} s", retry_details(run, ""))
    return True
