#!/usr/bin/env python3
"""Scores conc-tidy on Infer's C++ starvation tests (deadlocks).

    score_infer_starvation.py --suite INFER_DIR [--conc-tidy PATH] [--checks GLOBS] [--require-goals]

INFER_DIR is a checkout of facebook/infer (or its folder
`infer/tests/codetoanalyze/cpp/starvation` itself); the suite is not part of
this repository.

Every `.cpp` file of the folder is analysed on its own (`-std=c++17`, the
folder on the include path) with every conc check on. What must be found:
each `DEADLOCK` line of the folder's `issues.exp` (Infer's expected output),
but those on functions named `*_ok`/`*Ok*`, which the suite itself marks as
Infer's own false positives (`FP_ok`). A line is found when a deadlock
finding (a conc warning whose message speaks of a deadlock: lock order
cycles, self-deadlocks) has its location or one of its notes in the line's
function or in a function its Infer trace names (the callee that locks
again, the other half of an inversion). What must stay silent: every
function named `*_ok`/`*Ok*`, for any conc warning. A deadlock finding that
matches no expected line is a false report too; other warnings (advice such
as "use a guard") in functions not marked `_ok` are listed, not scored.
Prints every miss and every false report, then the scores; with
--require-goals, exits 1 when recall < 0.9 or precision < 0.95.
"""

import argparse
import collections
import pathlib
import re
import sys

from suite_scoring import (fail, function_at, functions_of, print_score,
                           require_tool, run_conc_tidy)

SUITE_FOLDER = pathlib.Path("infer/tests/codetoanalyze/cpp/starvation")
GOALS = (0.9, 0.95)
TRACE_NAME = re.compile(r"`([A-Za-z_][\w:<>, ]*)`")


def without_template_arguments(name):
    while True:
        stripped = re.sub(r"<[^<>]*>", "", name)
        if stripped == name:
            return name
        name = stripped


def marked_ok(name):
    last = name.split("::")[-1]
    return last.endswith("_ok") or "Ok" in last


def expected_deadlocks(issues_file):
    """(function, {functions its trace names}) per DEADLOCK line."""
    entries = []
    for line in issues_file.read_text().splitlines():
        fields = [f.strip() for f in line.split(",", 6)]
        if len(fields) < 7 or fields[3] != "DEADLOCK":
            continue
        function = without_template_arguments(fields[1])
        trace = {without_template_arguments(n) for n in TRACE_NAME.findall(fields[6])
                 if not n.startswith("class ")}
        entries.append((fields[0], int(fields[2]), function, trace | {function}))
    if not entries:
        fail(f"no DEADLOCK line in {issues_file}")
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", required=True, type=pathlib.Path,
                        help="a checkout of facebook/infer, or its starvation test folder")
    parser.add_argument("--conc-tidy", default="build/bin/conc-tidy")
    parser.add_argument("--ctags", default="ctags")
    parser.add_argument("--checks", default="-*,conc-*")
    parser.add_argument("--require-goals", action="store_true")
    args = parser.parse_args()

    conc_tidy = require_tool(args.conc_tidy, "conc-tidy")
    ctags = require_tool(args.ctags, "universal-ctags")
    folder = args.suite if (args.suite / "issues.exp").is_file() else args.suite / SUITE_FOLDER
    if not (folder / "issues.exp").is_file():
        fail(f"{folder}/issues.exp not found: --suite must be an infer checkout or its starvation folder")

    entries = expected_deadlocks(folder / "issues.exp")
    sources = sorted(folder.glob("*.cpp"))
    functions = {str(p): functions_of(ctags, str(p)) for p in sorted(folder.glob("*.[ch]*"))}

    def owner(file, line):
        known = functions.get(str(pathlib.Path(file).resolve()))
        if known is None:
            known = functions.get(file)
        found = function_at(known, line) if known else None
        return without_template_arguments(found.qualified) if found else None

    functions = {str(pathlib.Path(k).resolve()): v for k, v in functions.items()}
    findings = []
    for source in sources:
        findings += run_conc_tidy(conc_tidy, str(source.resolve()), args.checks, None,
                                  ["-std=c++17", f"-I{folder.resolve()}"])

    scored = [e for e in entries if not marked_ok(e[2])]
    for file, line, function, _ in entries:
        if marked_ok(function):
            print(f"EXCLUDED {file}:{line} {function}: Infer's own false positive (marked _ok)")

    matched = set()
    reports = true_reports = 0
    other = collections.Counter()
    for finding in findings:
        places = [owner(finding.file, finding.line)] + [owner(n.file, n.line) for n in finding.notes]
        located = places[0]
        is_deadlock = "deadlock" in finding.message
        if located is not None and marked_ok(located):
            reports += 1
            print(f"FALSE REPORT {finding.where()} in {located} (marked _ok): "
                  f"{finding.message} [{finding.check}]")
            continue
        if not is_deadlock:
            other[finding.check] += 1
            print(f"OTHER (not scored) {finding.where()} in {located}: {finding.message} [{finding.check}]")
            continue
        reports += 1
        hits = [i for i, e in enumerate(scored) if any(p in e[3] for p in places if p)]
        if hits:
            true_reports += 1
            matched.update(hits)
        else:
            print(f"FALSE REPORT {finding.where()} in {located}: {finding.message} [{finding.check}]")

    for i, (file, line, function, _) in enumerate(scored):
        if i not in matched:
            print(f"MISS {file}:{line} {function}")
    if other:
        print("other warnings, not scored: " + ", ".join(f"{n} {c}" for c, n in sorted(other.items())))
    met = print_score("Infer starvation (C++)", len(matched), len(scored), true_reports, reports, GOALS)
    if args.require_goals and not met:
        sys.exit(1)


if __name__ == "__main__":
    main()
