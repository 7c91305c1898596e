#!/usr/bin/env python3
"""Scores conc-tidy on Juliet 1.3's C tests for CWE-667 (improper locking)
and CWE-832 (unlock of a resource not locked).

    score_juliet_locking.py --suite JULIET_C_DIR [--conc-tidy PATH] [--checks GLOBS]
                            [--jobs N] [--require-goals]

JULIET_C_DIR is the `C` folder of Juliet 1.3 for C/C++ (it holds `testcases/`
and `testcasesupport/`); the suite is not part of this repository, get it from
NIST's SARD or a public copy (the sv-benchmarks repository keeps it under
`c/Juliet_Test/Juliet_Test_Suite_v1.3_for_C_Cpp/C`).

The suite is analysed the way a user would analyse a project: a compilation
database of every test case of the two CWE folders and of the files the
suite's Makefiles build with them (the folder's `main_linux.cpp`,
`testcasesupport/io.c` and `std_thread.c`), each compiled as those Makefiles
do (`gcc -c -I ../../testcasesupport FILE` in the test case's folder), and
one CI-mode run
of conc-tidy with every conc check on and the suite's lock wrappers given as
the lock vocabulary (`stdThreadLockAcquire`/`stdThreadLockRelease` as
`LockFunctions`/`UnlockFunctions` of conc-manual-lock and conc-lock-order).

Juliet's rule: a function named `*_bad` (with its `bad*` helpers) holds the
flaw and must be reported; `good*` and `*_good` functions must be silent. A
file's flaw is found when a finding lies in one of its bad functions (recall
over files); a finding anywhere else, the support files included, is a false
report (precision over findings). Prints every miss and every false report,
then the scores; with --require-goals, exits 1 when recall < 0.9 or
precision < 0.95.
"""

import argparse
import pathlib
import sys

from suite_scoring import (FunctionIndex, Unit, fail, print_score, require_tool,
                           run_ci_mode)

CWE_FOLDERS = ["CWE667_Improper_Locking", "CWE832_Unlock_of_Resource_That_is_Not_Locked"]
SUPPORT_SOURCES = ["io.c", "std_thread.c"]
LOCK_VOCABULARY = ("{CheckOptions: {"
                   "conc-manual-lock.LockFunctions: 'stdThreadLockAcquire', "
                   "conc-manual-lock.UnlockFunctions: 'stdThreadLockRelease', "
                   "conc-lock-order.LockFunctions: 'stdThreadLockAcquire', "
                   "conc-lock-order.UnlockFunctions: 'stdThreadLockRelease'}}")
GOALS = (0.9, 0.95)


def is_bad(function):
    return function.name.endswith("_bad") or function.name.startswith("bad")


def is_good(function):
    return function.name.endswith("_good") or function.name.startswith("good")


def suite_units(suite):
    """The compile commands of the two CWE folders and of the support files,
    as the suite's Makefiles run them (`CC=gcc`, `CFLAGS=-c`, `INCLUDES=-I
    ../../testcasesupport`; the test cases are the folder's `CWE*.c` and
    `CWE*.cpp`, built with the folder's `main_linux.cpp`); (units, test case
    files)."""
    support = suite / "testcasesupport"
    units, cases = [], []
    for folder in CWE_FOLDERS:
        directory = suite / "testcases" / folder
        sources = sorted(p for p in directory.glob("CWE*") if p.suffix in (".c", ".cpp"))
        if not sources:
            fail(f"no test case in {directory}")
        cases += sources
        main = directory / "main_linux.cpp"
        for source in sources + ([main] if main.is_file() else []):
            units.append(Unit(source, directory, ["gcc", "-c", "-I", "../../testcasesupport", source.name]))
    for name in SUPPORT_SOURCES:
        source = support / name
        if not source.is_file():
            fail(f"{source} not found: --suite must be Juliet 1.3's C folder")
        units.append(Unit(source, support, ["gcc", "-c", "-I", ".", name]))
    return units, cases


def score(cases, findings, functions, root):
    """Prints every false report and miss; returns (found, expected, true
    reports, reports) and the per-folder counts."""
    reports = true_reports = 0
    flagged = set()
    for finding in findings:
        reports += 1
        owner = functions.owner(finding.file, finding.line)
        if owner is not None and is_bad(owner):
            true_reports += 1
            flagged.add(str(pathlib.Path(finding.file).resolve()))
            print(f"FOUND {finding.where(root)} in {owner.qualified}: {finding.message} [{finding.check}]")
        else:
            where = owner.qualified if owner else "outside any function"
            print(f"FALSE REPORT {finding.where(root)} in {where}: {finding.message} [{finding.check}]")
    per_folder = {}
    for case in cases:
        bad_functions = [f for f in functions.functions(case) if is_bad(f)]
        if not bad_functions:
            fail(f"{case}: no *_bad function; is this a Juliet test case?")
        hit = str(case.resolve()) in flagged
        total, found = per_folder.get(case.parent.name, (0, 0))
        per_folder[case.parent.name] = (total + 1, found + hit)
        if not hit:
            print(f"MISS {case.name}: {', '.join(f.name for f in bad_functions)} not reported")
    for folder, (total, found) in per_folder.items():
        print(f"{folder}: {found}/{total} bad functions reported")
    return len(flagged & {str(c.resolve()) for c in cases}), len(cases), true_reports, reports


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", required=True, type=pathlib.Path,
                        help="Juliet 1.3's C folder (with testcases/ and testcasesupport/)")
    parser.add_argument("--conc-tidy", default="build/bin/conc-tidy")
    parser.add_argument("--ctags", default="ctags")
    parser.add_argument("--checks", default="-*,conc-*")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--require-goals", action="store_true")
    args = parser.parse_args()

    conc_tidy = require_tool(args.conc_tidy, "conc-tidy")
    ctags = require_tool(args.ctags, "universal-ctags")
    suite = args.suite.resolve()
    if not (suite / "testcasesupport" / "std_thread.h").is_file():
        fail(f"{suite}/testcasesupport/std_thread.h not found: --suite must be Juliet 1.3's C folder")

    units, cases = suite_units(suite)
    print(f"{len(cases)} test case files, {len(units)} units, one CI-mode run")
    findings = run_ci_mode(conc_tidy, units, suite, args.checks, config=LOCK_VOCABULARY, jobs=args.jobs)
    found, expected, true_reports, reports = score(cases, findings, FunctionIndex(ctags), suite)
    met = print_score("Juliet 1.3 CWE-667 + CWE-832", found, expected, true_reports, reports, GOALS)
    if args.require_goals and not met:
        sys.exit(1)


if __name__ == "__main__":
    main()
