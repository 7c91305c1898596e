"""The locks stage: the tests again with the lock probe on (CONC_PROBE_LOCKS=1
in the plain binary, which links libconc_probe); its findings come back as
JSON (CONC_PROBE_LOCKS_JSON)."""

import json
import os

from ..build import uses_probe
from ..report_text import first_lines
from ..time_limits import timeout_message
from .outcome import crash_message, retry_details


def judge_locks(grader, attempt, binary, stage, hint):
    kata, scratch = attempt.kata, attempt.scratch
    if not uses_probe(grader.config, "plain"):
        stage.failed("the lock probe (libconc_probe) is not in this build of conc: "
                     "rebuild conc with CONC_BUILD_RUNTIME=ON")
        return
    report = os.path.join(scratch, "locks.json")
    if os.path.exists(report):
        os.unlink(report)
    env = dict(os.environ, CONC_PROBE_LOCKS="1", CONC_PROBE_LOCKS_JSON=report,
               CONC_KATA_PROBE_REPORT=os.path.join(scratch, "locks-probe.json"))

    def once(limit):
        return grader.sandbox_run([binary, "--gtest_brief=1"], limit, env=env, cwd=scratch)
    run = grader.run_within_limit(kata, "locks", kata.timeout, once)
    if run.timed_out:
        stage.failed(timeout_message(kata.timeout) + " with the lock probe on; a deadlock "
                     "that happened is a lock-order cycle too. " + hint,
                     retry_details(run, first_lines(run.output, 30)))
        return
    try:
        with open(report, encoding="utf-8") as f:
            findings = json.load(f).get("findings", [])
    except (OSError, ValueError):
        stage.failed("not checked: the test program ended before the lock probe wrote its "
                     f"report ({crash_message(run)})", first_lines(run.output, 30))
        return
    if not findings:
        stage.passed("no lock-order cycle or lock misuse")
        return
    stage.failed(f"{len(findings)} lock report(s): " +
                 "; ".join(describe_lock_finding(f) for f in findings) +
                 f". {hint}", first_lines(run.output, 60))


def describe_lock_finding(finding):
    def site(stack):
        # The learner's frame: the first outside the system headers and
        # libraries (inlined std::mutex frames have bare names like "lock").
        for frame in stack:
            if not frame["file"].startswith("/usr/") and frame["line"] > 0:
                where = os.path.basename(frame["file"])
                return f"{frame['function']} ({where}:{frame['line']})"
        return "?"
    if finding.get("kind") != "lock-order-inversion":
        return f"{finding.get('kind')} at {site(finding.get('stack', []))}"
    steps = []
    for edge in finding["edges"]:
        test = f" in test {edge['test']}" if edge.get("test") else ""
        steps.append(f"{edge['acquired']} taken in {site(edge['acquired_stack'])} while "
                     f"holding {edge['held']}, taken in {site(edge['held_stack'])}{test}")
    return f"lock-order cycle of {len(finding['edges'])} locks: " + ", ".join(steps)
