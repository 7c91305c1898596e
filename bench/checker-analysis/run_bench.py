#!/usr/bin/env python3
"""Cost of conc's flow-sensitive thread checks over real translation units.

For every translation unit of a compilation database, runs conc-tidy twice
per round: once with conc-unjoined-thread and conc-leaked-thread, once as
"parse only". clang-tidy with no check at all skips the parse, so parse only
is the frontend with the cheapest upstream check (cppcoreguidelines-avoid-goto:
one matcher on goto statements), which costs the parse and one AST
traversal. Times are CPU time (user + system) of the child, which a loaded
machine disturbs less than wall time. Each mode keeps its fastest of
--rounds runs per TU, alternating modes; the figure is the ratio of the sums,
measured in the same run.

    run_bench.py --tidy build-bench/bin/conc-tidy -p build-bench [--rounds 3] [--checks LIST] [FILE...]
"""

import argparse
import json
import os
import resource
import subprocess
import sys

CHECKS = "-*,conc-unjoined-thread,conc-leaked-thread"
BASELINE = "-*,cppcoreguidelines-avoid-goto"


def run(tidy, build, source, checks):
    cmd = [tidy, "-p", build, f"--checks={checks}", "--quiet", source]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode not in (0, 1):
        sys.exit(f"run_bench: {' '.join(cmd)} exited with {result.returncode}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy", required=True)
    parser.add_argument("-p", dest="build", required=True, help="folder with compile_commands.json")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="at most this many TUs (0: all)")
    parser.add_argument("--checks", default=CHECKS,
                        help=f"the checks to time against parse only (default: {CHECKS})")
    parser.add_argument("files", nargs="*", help="TUs to time (default: every C/C++ TU of the database)")
    args = parser.parse_args()

    database = os.path.join(args.build, "compile_commands.json")
    try:
        with open(database) as f:
            entries = json.load(f)
    except OSError as error:
        sys.exit(f"run_bench: cannot read {database}: {error}")
    files = args.files or sorted({e["file"] for e in entries
                                  if e["file"].endswith((".cc", ".cpp", ".cxx", ".c"))})
    if args.limit:
        files = files[:args.limit]
    if not files:
        sys.exit("run_bench: no translation units")

    total_base = total_checks = 0.0
    for source in files:
        base = checks = float("inf")
        for _ in range(args.rounds):
            base = min(base, run(args.tidy, args.build, source, BASELINE))
            checks = min(checks, run(args.tidy, args.build, source, args.checks))
        total_base += base
        total_checks += checks
        print(f"{os.path.relpath(source)}: parse {base:.3f} s, checks {checks:.3f} s "
              f"({100 * (checks - base) / base:+.1f}%)")
    print(f"TOTAL {len(files)} TUs: parse only {total_base:.2f} s, with checks "
          f"{total_checks:.2f} s, added {100 * (total_checks - total_base) / total_base:+.1f}%")


if __name__ == "__main__":
    main()
