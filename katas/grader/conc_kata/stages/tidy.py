"""The tidy stage: the kata's conc-tidy checks are silent on the learner's
files. Every failure to grade is a failure of the stage, never a skip: a
skipped stage would turn a lost check or a broken build into a pass."""

import os
import re

from ..build import COMPILE_TIMEOUT
from ..report_text import compiler_diagnostics, first_lines
from ..sandbox import run_limited


def known_checks(config):
    tidy = config.conc_tidy
    if not tidy or not os.access(tidy, os.X_OK):
        return None
    run = run_limited([tidy, "--list-checks", "--checks=-*,conc-*"], 60, address_space=None)
    return set(re.findall(r"^\s+(conc-[a-z0-9-]+)\s*$", run.output, re.MULTILINE))


def judge_tidy(config, kata, scratch, stage, hint):
    if not kata.checks:
        stage.failed("not graded: kata.json lists a tidy stage but names no conc-tidy "
                     "check (name its checks, or leave `tidy` out of its stages)")
        return
    known = known_checks(config)
    if known is None:
        stage.failed("not graded: conc-tidy is not built (configure with "
                     "CONC_BUILD_CHECKER=ON), or cannot be run")
        return
    checks = list(kata.checks)
    unknown = [c for c in kata.checks if c not in known]
    if unknown:
        stage.failed(f"not graded: this conc-tidy does not know {', '.join(unknown)} "
                     "(`conc-tidy --list-checks` does not list it)")
        return
    # A header-only kata is analysed through the tests that include it;
    # findings in test.cpp itself are not the learner's.
    sources = [os.path.join(scratch, s) for s in kata.sources or ["test.cpp"]]
    argv = [config.conc_tidy, f"--checks=-*,{','.join(checks)}", "--quiet",
            f"--header-filter=^{re.escape(scratch)}/", *sources, "--", "-std=c++20",
            "-I", scratch]
    if config.conc_include:
        argv += ["-isystem", config.conc_include]
    run = run_limited(argv, COMPILE_TIMEOUT, address_space=None)
    output = compiler_diagnostics(run.output, scratch)
    findings = [f for f in re.findall(r"^(\S+:\d+:\d+): warning: (.*) \[(conc-[a-z-]+)\]$",
                                      output, re.MULTILINE)
                if not f[0].startswith("test.cpp:")]
    if findings:
        listing = "\n".join(f"{where}: {msg} [{check}]" for where, msg, check in findings)
        docs = ", ".join(sorted({f"docs/checks/{c}.md" for _, _, c in findings}))
        stage.failed(f"conc-tidy reports {len(findings)} finding(s):\n{listing}\n"
                     f"Read {docs}. {hint}", first_lines(output, 60))
        return
    if run.returncode not in (0, 1) or re.search(r"^\S+:\d+:\d+: error:", output, re.MULTILINE):
        stage.failed("conc-tidy could not analyse the code:\n" + first_lines(output, 20))
        return
    stage.passed(f"conc-tidy is silent for {', '.join(checks)}")
