#!/usr/bin/env python3
"""Scores conc-tidy on Juliet 1.3's C tests for CWE-667 (improper locking)
and CWE-832 (unlock of a resource not locked).

    score_juliet_locking.py --suite JULIET_C_DIR [--conc-tidy PATH] [--checks GLOBS] [--require-goals]

JULIET_C_DIR is the `C` folder of Juliet 1.3 for C/C++ (it holds `testcases/`
and `testcasesupport/`); the suite is not part of this repository, get it from
NIST's SARD or a public copy (the sv-benchmarks repository keeps it under
`c/Juliet_Test/Juliet_Test_Suite_v1.3_for_C_Cpp/C`).

Every source file of the two CWE folders is analysed on its own, with every
conc check on and the suite's lock wrappers given as the lock vocabulary
(`stdThreadLockAcquire`/`stdThreadLockRelease` as `LockFunctions`/
`UnlockFunctions` of conc-manual-lock and conc-lock-order). Juliet's rule:
a function named `*_bad` (with its `bad*` helpers) holds the flaw and must be
reported; `good*` and `*_good` functions must be silent. A file's flaw is
found when a warning lies in one of its bad functions (recall over files);
a warning anywhere else is a false report (precision over warnings).
Prints every miss and every false report, then the scores; with
--require-goals, exits 1 when recall < 0.9 or precision < 0.95.
"""

import argparse
import pathlib
import sys

from suite_scoring import (fail, function_at, functions_of, print_score,
                           require_tool, run_conc_tidy)

CWE_FOLDERS = ["CWE667_Improper_Locking", "CWE832_Unlock_of_Resource_That_is_Not_Locked"]
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", required=True, type=pathlib.Path,
                        help="Juliet 1.3's C folder (with testcases/ and testcasesupport/)")
    parser.add_argument("--conc-tidy", default="build/bin/conc-tidy")
    parser.add_argument("--ctags", default="ctags")
    parser.add_argument("--checks", default="-*,conc-*")
    parser.add_argument("--require-goals", action="store_true")
    args = parser.parse_args()

    conc_tidy = require_tool(args.conc_tidy, "conc-tidy")
    ctags = require_tool(args.ctags, "universal-ctags")
    support = args.suite / "testcasesupport"
    if not (support / "std_thread.h").is_file():
        fail(f"{support}/std_thread.h not found: --suite must be Juliet 1.3's C folder")

    expected = found = reports = true_reports = 0
    for folder in CWE_FOLDERS:
        sources = sorted(p for p in (args.suite / "testcases" / folder).glob("*")
                         if p.suffix in (".c", ".cpp"))
        if not sources:
            fail(f"no test case in {args.suite / 'testcases' / folder}")
        folder_expected = folder_found = 0
        for source in sources:
            language = ["-xc++", "-std=c++17"] if source.suffix == ".cpp" else ["-std=gnu11"]
            findings = run_conc_tidy(conc_tidy, str(source), args.checks, LOCK_VOCABULARY,
                                     language + [f"-I{support}"])
            functions = functions_of(ctags, str(source))
            bad_functions = [f for f in functions if is_bad(f)]
            if not bad_functions:
                fail(f"{source}: no *_bad function; is this a Juliet test case?")
            hit = False
            for finding in findings:
                reports += 1
                owner = function_at(functions, finding.line)
                if owner is not None and is_bad(owner):
                    true_reports += 1
                    hit = True
                else:
                    where = owner.qualified if owner else "outside any function"
                    print(f"FALSE REPORT {finding.where()} in {where}: {finding.message} [{finding.check}]")
            folder_expected += 1
            if hit:
                folder_found += 1
            else:
                print(f"MISS {source.name}: {', '.join(f.name for f in bad_functions)} not reported")
        print(f"{folder}: {folder_found}/{folder_expected} bad functions reported")
        expected += folder_expected
        found += folder_found

    met = print_score("Juliet 1.3 CWE-667 + CWE-832", found, expected, true_reports, reports, GOALS)
    if args.require_goals and not met:
        sys.exit(1)


if __name__ == "__main__":
    main()
