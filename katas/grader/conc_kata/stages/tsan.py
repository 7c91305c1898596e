"""The tsan stage: the tests built with -fsanitize=thread, run several
times; the first ThreadSanitizer report wins."""

import os
import re

from ..report_text import first_lines
from ..time_limits import timeout_message
from .outcome import crash_message, retry_details


def tsan_runs_for(kata, override):
    if override:
        return override
    if os.environ.get("CONC_KATA_TSAN_RUNS", "").isdigit():
        return int(os.environ["CONC_KATA_TSAN_RUNS"])
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        return 2
    return kata.tsan_runs or 5


def judge_tsan(grader, attempt, stage, hint, hung=False):
    kata, scratch = attempt.kata, attempt.scratch
    binary, why = grader.binary(attempt, "tsan")
    if binary is None:
        stage.failed("could not build with -fsanitize=thread:\n" + why)
        return
    runs = tsan_runs_for(kata, grader.tsan_runs)
    env = dict(os.environ, TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 "
               "history_size=4 report_signal_unsafe=0 strip_path_prefix=" + scratch + "/")
    env.pop("CONC_KATA_PROBE_REPORT", None)
    limit = kata.timeout * 2
    # After a hang of the plain run (twice, the second time with a limit scaled
    # for load), one TSan run is enough: a lock-order report comes before the
    # hang, and repeating the hang only costs time.
    if hung:
        runs, limit = 1, kata.timeout

    def once(seconds):
        return grader.sandbox_run([binary, "--gtest_brief=1"], seconds, env=env,
                                  cwd=scratch, address_space=None)
    for attempt_number in range(1, runs + 1):
        run = grader.run_within_limit(kata, "tsan", limit, once, retry=not hung)
        report = tsan_report(run.output, scratch)
        if report:
            stage.failed(f"ThreadSanitizer: {report['kind']} (run {attempt_number} of {runs})"
                         f"\n{report['summary']}\n{hint}", report["text"])
            return
        if run.timed_out:
            stage.failed(f"{timeout_message(limit)} under ThreadSanitizer "
                         f"(run {attempt_number} of {runs}). {hint}",
                         retry_details(run, first_lines(run.output, 30)))
            return
        if run.returncode != 0:
            stage.failed(f"the tests failed under ThreadSanitizer (run {attempt_number} of "
                         f"{runs}): {crash_message(run)} {hint}", first_lines(run.output, 30))
            return
    stage.passed(f"no data race or lock-order inversion in {runs} runs")


def tsan_report(output, scratch):
    """The first ThreadSanitizer report, told in the learner's files and lines."""
    output = output.replace(scratch + os.sep, "")
    output = re.sub(re.escape(os.path.dirname(scratch)) + r"/[^/\s]+/", "", output)
    match = re.search(r"WARNING: ThreadSanitizer: ([^\n(]+)", output)
    if not match:
        return None
    start = output.rfind("==================", 0, match.start())
    block = output[start if start >= 0 else match.start():]
    end = block.find("==================", 20)
    block = block[:end] if end > 0 else block
    lines = block.splitlines()
    sites = []
    heading = re.compile(r"^\s*((?:Previous )?(?:[Aa]tomic )?(?:[Ww]rite|[Rr]ead) of size \d+)"
                         r" at \S+ by ([\w ]+?)(?: \(.*\))?:$|"
                         r"^\s*Mutex (M\d+) acquired here while holding mutex (M\d+) in "
                         r"([\w ]+?):$")
    for i, line in enumerate(lines):
        m = heading.match(line)
        if not m:
            continue
        # The first frame in the learner's or the kata's own files (relative paths).
        where = ""
        for frame in lines[i + 1:i + 30]:
            f = re.match(r"^\s*#\d+ .* (?:\./)?([^\s/.][^\s:]*):(\d+)(?::\d+)? \(", frame)
            if f:
                where = f"{f.group(1)}:{f.group(2)}"
                break
            if not frame.strip().startswith("#"):
                break
        if m.group(1):
            sites.append(f"{m.group(1).lower()} by {m.group(2)}" + (f" at {where}" if where else ""))
        else:
            sites.append(f"{m.group(3)} locked while holding {m.group(4)} by {m.group(5)}" +
                         (f" at {where}" if where else ""))
    summary = "; ".join(sites[:4]) or match.group(1).strip()
    return {"kind": match.group(1).strip(), "summary": summary, "text": first_lines(block, 60)}
