#!/usr/bin/env python3
"""Times `conc-tidy --merge` over the facts of N synthetic units (the
whole-program step alone, on one core: the merge runs in one thread), and
the same merge of the same report without its facts (the baseline: reading
and writing the report only).

    merge_bench.py --tidy CONC_TIDY [--units 10000] [--runs 3] [--work DIR]

Prints min/median/max seconds of both and the findings found.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import resource

HERE = pathlib.Path(__file__).resolve().parent


def timed(command):
    """CPU seconds (user + system) of the command: on a shared, loaded
    machine the wall clock measures the neighbours too."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return elapsed, done.stderr.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tidy", required=True)
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work")
    args = parser.parse_args()
    work = pathlib.Path(args.work or tempfile.mkdtemp(prefix="conc-merge-bench"))
    work.mkdir(parents=True, exist_ok=True)
    facts = work / "facts.json"
    subprocess.run([sys.executable, str(HERE / "make_synthetic_facts.py"), str(facts),
                    "--units", str(args.units)], check=True)
    bare = work / "bare.json"
    report = json.loads(facts.read_text())
    report.pop("facts")
    bare.write_text(json.dumps(report))
    results = {}
    for name, source in (("with facts", facts), ("without facts", bare)):
        for fmt in ("text", "json"):
            times = []
            for _ in range(args.runs):
                t, summary = timed([args.tidy, "--merge", str(source), "--root", "/synthetic",
                                    f"--format={fmt}", "--output", str(work / f"out.{fmt}")])
                times.append(t)
            results[(name, fmt)] = times
            print(f"{args.units} units, {name}, --format={fmt}: "
                  f"{min(times):.2f}/{statistics.median(times):.2f}/{max(times):.2f} CPU s "
                  f"(min/median/max of {args.runs}); {summary}")


if __name__ == "__main__":
    main()
