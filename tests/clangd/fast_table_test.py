#!/usr/bin/env python3
"""Every conc check has a latency entry in checker/clangd/ConcFastChecks.inc,
and docs/editors.md's table says the same.

    fast_table_test.py --tidy CONC_TIDY --table ConcFastChecks.inc [--docs editors.md]

A check missing from the table is "latency unknown" to clangd, and its
default FastCheckFilter drops it: the check would silently never run in
the editor. A new check must be measured
(bench/clangd/measure_check_latency.py) before it ships.
"""

import argparse
import re
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy", required=True)
    parser.add_argument("--table", required=True)
    parser.add_argument("--docs", help="docs/editors.md: its table must match")
    args = parser.parse_args()
    listed = subprocess.run([args.tidy, "--list-checks", "--checks=-*,conc-*"],
                            capture_output=True, text=True, timeout=120)
    if listed.returncode != 0:
        print(f"fast_table_test: FAIL: conc-tidy --list-checks: {listed.stderr}")
        return 1
    registered = set(re.findall(r"^\s+(conc-[\w-]+)\s*$", listed.stdout, re.M))
    with open(args.table) as table:
        entries = re.findall(r"^(FAST|SLOW)\((conc-[\w-]+), (-?\d+)\)", table.read(), re.M)
    measured = {check: kind for kind, check, _ in entries}
    problems = []
    if len(registered) < 12:
        problems.append(f"conc-tidy lists only {sorted(registered)}")
    for check in sorted(registered - measured.keys()):
        problems.append(f"{check} has no entry in {args.table}: clangd would not run it "
                        "(measure it with bench/clangd/measure_check_latency.py)")
    for check in sorted(measured.keys() - registered):
        problems.append(f"{args.table} names {check}, which is not a registered check")
    if args.docs:
        with open(args.docs) as docs:
            rows = re.findall(r"^\| (conc-[\w-]+) \| (-?\d+)%[^|]* \| (yes|no) \|$",
                              docs.read(), re.M)
        documented = {check: (int(percent), answer == "yes") for check, percent, answer in rows}
        table = {check: (int(percent), kind == "FAST") for kind, check, percent in entries}
        if documented != table:
            problems.append(f"{args.docs} says {sorted(documented.items())}, "
                            f"{args.table} says {sorted(table.items())}")
    for problem in problems:
        print(f"fast_table_test: FAIL: {problem}")
    if not problems:
        print(f"fast_table_test: PASS: {len(registered)} checks, "
              f"{sum(k == 'FAST' for k in measured.values())} fast")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
