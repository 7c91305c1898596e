"""The probe stage: no thread is still running after the tests returned
(kata_main.cpp writes the verdict of the leak probe as JSON)."""

import json
import os

from ..time_limits import timeout_message
from .outcome import crash_message


def judge_probe(kata, run, report_path, stage, hint):
    if run.timed_out:
        stage.failed("not checked: the tests did not finish (" +
                     timeout_message(kata.timeout) + ")")
        return
    if not os.path.exists(report_path):
        stage.failed("not checked: the test program ended before the thread check "
                     f"({crash_message(run)})")
        return
    with open(report_path, encoding="utf-8") as f:
        try:
            leaked = json.load(f).get("leaked", [])
        except ValueError:
            stage.failed("not checked: the thread check's report is not valid JSON "
                         f"({crash_message(run)})")
            return
    if not leaked:
        stage.passed("no thread outlived the tests")
        return
    groups = {}
    for t in leaked:  # threads started at the same place are one story
        groups.setdefault((t.get("created_by", ""), t.get("now_in", ""), t["state"]), []).append(t)
    parts = []
    for (created, now, state), threads in groups.items():
        text = f"{len(threads)} thread(s)" if len(threads) > 1 else f"thread {threads[0]['tid']}"
        text += f" in state {state}"
        if created:
            text += f", started at {created}"
        if now:
            text += f", now at {now}"
        parts.append(text)
    listing = "; ".join(parts)
    stage.failed(f"{len(leaked)} thread(s) still running after every test returned: "
                 f"{listing}. Every thread needs an owner that stops and joins it. {hint}")
