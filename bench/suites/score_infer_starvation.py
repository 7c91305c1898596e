#!/usr/bin/env python3
"""Scores conc-tidy on Infer's C++ starvation tests (deadlocks).

    score_infer_starvation.py --suite INFER_DIR [--conc-tidy PATH] [--checks GLOBS]
                              [--clang-includes DIR] [--jobs N] [--require-goals]

INFER_DIR is a checkout of facebook/infer (or its folder
`infer/tests/codetoanalyze/cpp/starvation` itself); the suite is not part of
this repository.

The suite is analysed the way a user would analyse a project: a compilation
database of every `.cpp` file of the folder, each compiled with the flags of
the folder's own Makefile (its `CLANG_OPTIONS`: `-x c++ -std=c++11
-nostdinc++ -isystem$(ROOT_DIR) -isystem$(CLANG_INCLUDES)/c++/v1/ -c`, where
CLANG_INCLUDES is the folder holding libc++'s `c++/v1` headers, Infer's own
clang's or, by default, Debian's libc++-19-dev), and one CI-mode run of
conc-tidy with every conc check on, so lock facts are merged across units and
a deadlock that spans two files is found as the cycle it is.

What must be found: each `DEADLOCK` line of the folder's `issues.exp`
(Infer's expected output), but those on functions named `*_ok`/`*Ok*`, which
the suite itself marks as Infer's own false positives (`FP_ok`). A line is
found when a deadlock finding (a conc warning whose message speaks of a
deadlock: lock order cycles, in one unit or across units, and self-deadlocks)
has its location or one of its notes in the line's function or in a function
its Infer trace names (the callee that locks again, the other half of an
inversion). What must stay silent: every function named `*_ok`/`*Ok*`, for
any conc warning. A deadlock finding that matches no expected line is a false
report too; other warnings (advice such as "use a guard") in functions not
marked `_ok` are listed, not scored. Prints every miss and every false
report, then the scores; with --require-goals, exits 1 when recall < 0.9 or
precision < 0.95.
"""

import argparse
import collections
import pathlib
import re
import sys

from suite_scoring import (FunctionIndex, Unit, fail, print_score, require_tool,
                           run_ci_mode)

SUITE_FOLDER = pathlib.Path("infer/tests/codetoanalyze/cpp/starvation")
GOALS = (0.9, 0.95)
TRACE_NAME = re.compile(r"`([A-Za-z_][\w:<>, ]*)`")
MAKE_VARIABLE = re.compile(r"\$\((\w+)\)")
DEFAULT_CLANG_INCLUDES = "/usr/lib/llvm-19/include"


def without_template_arguments(name):
    while True:
        stripped = re.sub(r"<[^<>]*>", "", name)
        if stripped == name:
            return name
        name = stripped


def marked_ok(name):
    last = name.split("::")[-1]
    return last.endswith("_ok") or "Ok" in last


def makefile_variables(makefile):
    """The simple `NAME = value` assignments of a Makefile, continuation
    lines joined."""
    variables = {}
    text = re.sub(r"\\\n", " ", makefile.read_text())
    for line in text.splitlines():
        match = re.match(r"^([A-Z_]+)\s*[:?]?=\s*(.*)$", line)
        if match:
            variables[match[1]] = match[2].strip()
    return variables


def compile_options(folder, clang_includes):
    """The folder Makefile's CLANG_OPTIONS with its variables filled in:
    ROOT_DIR is the checkout's root (TESTS_DIR/../..), CLANG_INCLUDES the
    folder that holds libc++'s c++/v1."""
    makefile = folder / "Makefile"
    if not makefile.is_file():
        fail(f"{makefile} not found: the suite's compile flags come from it")
    variables = makefile_variables(makefile)
    if "CLANG_OPTIONS" not in variables:
        fail(f"{makefile} sets no CLANG_OPTIONS")
    tests_dir = folder / variables.get("TESTS_DIR", "../../..")
    known = {"ROOT_DIR": str((tests_dir / "../..").resolve()),
             "TESTS_DIR": str(tests_dir.resolve()),
             "CLANG_INCLUDES": str(clang_includes)}

    def substitute(match):
        if match[1] not in known:
            fail(f"{makefile}: CLANG_OPTIONS uses $({match[1]}), which this scorer does not know")
        return known[match[1]]

    options = MAKE_VARIABLE.sub(substitute, variables["CLANG_OPTIONS"]).split()
    if "CLANG_INCLUDES" in variables["CLANG_OPTIONS"] and not (clang_includes / "c++/v1/mutex").is_file():
        fail(f"libc++'s headers not found in {clang_includes}/c++/v1 (the suite compiles against "
             f"libc++): install libc++-19-dev or pass --clang-includes")
    return options


def expected_deadlocks(issues_file):
    """(file, line, function, {functions its trace names}) per DEADLOCK line."""
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


def score(entries, findings, owner, root):
    """Prints every exclusion, false report, unscored warning and miss;
    returns (found, expected, true reports, reports)."""
    scored = [e for e in entries if not marked_ok(e[2])]
    for file, line, function, _ in entries:
        if marked_ok(function):
            print(f"EXCLUDED {file}:{line} {function}: Infer's own false positive (marked _ok)")

    matched = set()
    reports = true_reports = 0
    other = collections.Counter()
    for finding in findings:
        places = [owner(file, line) for file, line in finding.places()]
        located = places[0]
        kind = " (whole program)" if finding.whole_program else ""
        if any(p is not None and marked_ok(p) for p in places):
            reports += 1
            silent = next(p for p in places if p is not None and marked_ok(p))
            touching = "" if silent == located else f", through {silent}"
            print(f"FALSE REPORT {finding.where(root)}{kind} in {located}{touching} "
                  f"(marked _ok): {finding.message} [{finding.check}]")
            continue
        if "deadlock" not in finding.message:
            other[finding.check] += 1
            print(f"OTHER (not scored) {finding.where(root)} in {located}: "
                  f"{finding.message} [{finding.check}]")
            continue
        reports += 1
        hits = [i for i, e in enumerate(scored) if any(p in e[3] for p in places if p)]
        if hits:
            true_reports += 1
            matched.update(hits)
            print(f"FOUND {finding.where(root)}{kind} in {located}: "
                  + ", ".join(f"{scored[i][0]}:{scored[i][1]} {scored[i][2]}" for i in hits))
        else:
            print(f"FALSE REPORT {finding.where(root)}{kind} in {located}: "
                  f"{finding.message} [{finding.check}]")

    for i, (file, line, function, _) in enumerate(scored):
        if i not in matched:
            print(f"MISS {file}:{line} {function}")
    if other:
        print("other warnings, not scored: " + ", ".join(f"{n} {c}" for c, n in sorted(other.items())))
    return len(matched), len(scored), true_reports, reports


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", required=True, type=pathlib.Path,
                        help="a checkout of facebook/infer, or its starvation test folder")
    parser.add_argument("--conc-tidy", default="build/bin/conc-tidy")
    parser.add_argument("--ctags", default="ctags")
    parser.add_argument("--checks", default="-*,conc-*")
    parser.add_argument("--clang-includes", type=pathlib.Path, default=pathlib.Path(DEFAULT_CLANG_INCLUDES),
                        help="the folder whose c++/v1 holds libc++'s headers (the Makefile's CLANG_INCLUDES)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--require-goals", action="store_true")
    args = parser.parse_args()

    conc_tidy = require_tool(args.conc_tidy, "conc-tidy")
    ctags = require_tool(args.ctags, "universal-ctags")
    folder = args.suite if (args.suite / "issues.exp").is_file() else args.suite / SUITE_FOLDER
    if not (folder / "issues.exp").is_file():
        fail(f"{folder}/issues.exp not found: --suite must be an infer checkout or its starvation folder")
    folder = folder.resolve()

    entries = expected_deadlocks(folder / "issues.exp")
    options = compile_options(folder, args.clang_includes)
    sources = sorted(folder.glob("*.cpp"))
    if not sources:
        fail(f"no .cpp file in {folder}")
    units = [Unit(source, folder, ["clang"] + options + [str(source)]) for source in sources]
    print(f"compile command: clang {' '.join(options)} FILE ({len(units)} units, one CI-mode run)")
    findings = run_ci_mode(conc_tidy, units, folder, args.checks, jobs=args.jobs)

    functions = FunctionIndex(ctags)

    def owner(file, line):
        found = functions.owner(file, line)
        return without_template_arguments(found.qualified) if found else None

    found, expected, true_reports, reports = score(entries, findings, owner, folder)
    met = print_score("Infer starvation (C++)", found, expected, true_reports, reports, GOALS)
    if args.require_goals and not met:
        sys.exit(1)


if __name__ == "__main__":
    main()
