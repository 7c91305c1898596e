#!/usr/bin/env python3
"""What writing a unit's facts costs: each unit analysed by conc-tidy's CI
worker (clang-tidy plus the facts collector) against plain conc-tidy on the
same unit (clang-tidy only), alternating, several runs each.

    facts_overhead.py --tidy CONC_TIDY -p BUILD_DIR [--runs 5] FILE...

Prints min/median/max seconds of both per file and the ratio of the sums of
the medians (the facts' share of a unit's analysis time).
"""

import argparse
import statistics
import subprocess
import tempfile
import resource


def timed(command):
    """CPU seconds (user + system) of the command: on a shared, loaded
    machine the wall clock measures the neighbours too."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tidy", required=True)
    parser.add_argument("-p", dest="build", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    checks = "--checks=-*,conc-*"
    total_plain = total_facts = 0.0
    with tempfile.TemporaryDirectory() as work:
        for source in args.files:
            plain, facts = [], []
            for _ in range(args.runs):
                plain.append(timed([args.tidy, "-p", args.build, checks, source]))
                facts.append(timed([args.tidy, "--conc-worker", "-", "bench",
                                    f"{work}/unit.yaml", work, "-p", args.build,
                                    checks, source]))
            p, f = statistics.median(plain), statistics.median(facts)
            total_plain += p
            total_facts += f
            print(f"{source}: clang-tidy {min(plain):.2f}/{p:.2f}/{max(plain):.2f} CPU s, "
                  f"with facts {min(facts):.2f}/{f:.2f}/{max(facts):.2f} CPU s "
                  f"(min/median/max), {f / p:.3f}x")
    print(f"all: {total_facts:.2f} CPU s with facts / {total_plain:.2f} CPU s without = "
          f"{total_facts / total_plain:.3f}x")


if __name__ == "__main__":
    main()
