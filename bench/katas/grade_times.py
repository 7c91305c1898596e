#!/usr/bin/env python3
"""Times conc-kata: grading each kata's starter and reference solution, with
a cold object cache and again with a warm one.

    bench/katas/grade_times.py build/bin/conc-kata [NN ...] [--tsan-runs N]

Prints a Markdown table: wall and CPU seconds (CPU = user + system of every
child process, which is what matters on a shared 2-core machine), and the
score. Set CI=true to measure what CI runs.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def timed(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        data = json.loads(result.stdout)
    except ValueError:
        data = {}
    return wall, cpu, data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("conc_kata")
    parser.add_argument("katas", nargs="*")
    parser.add_argument("--tsan-runs", type=int)
    args = parser.parse_args()
    katas = args.katas
    if not katas:
        config = json.load(open(os.path.join(os.path.dirname(os.path.realpath(args.conc_kata)),
                                             "..", "katas", "grader", "conc-kata.json")))
        katas = sorted(d[:2] for d in os.listdir(config["katas_dir"]) if d[:2].isdigit())
    extra = ["--tsan-runs", str(args.tsan_runs)] if args.tsan_runs else []
    cache = tempfile.mkdtemp(prefix="conc-kata-bench-")
    print("| kata | variant | cold wall s | cold CPU s | warm wall s | warm CPU s | score |")
    print("|---|---|---|---|---|---|---|")
    totals = [0.0, 0.0, 0.0, 0.0]
    try:
        for kata in katas:
            for variant, flag in (("starter", []), ("solution", ["--solution"])):
                argv = [args.conc_kata, "grade", kata, "--json", "--cache", cache, *flag, *extra]
                cold = timed(argv)
                warm = timed(argv)
                data = warm[2]
                score = f"{data.get('score', '?')}/{data.get('max_score', '?')}"
                print(f"| {kata} | {variant} | {cold[0]:.1f} | {cold[1]:.1f} | {warm[0]:.1f} | "
                      f"{warm[1]:.1f} | {score} |", flush=True)
                for i, v in enumerate((cold[0], cold[1], warm[0], warm[1])):
                    totals[i] += v
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"| all | both | {totals[0]:.0f} | {totals[1]:.0f} | {totals[2]:.0f} | {totals[3]:.0f} | |")


if __name__ == "__main__":
    main()
