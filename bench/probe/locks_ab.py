#!/usr/bin/env python3
"""Two builds of libconc_probe against each other on locks_bench.cpp, with --locks.

usage: locks_ab.py --probe-a A/libconc_probe.so --probe-b B/libconc_probe.so [--runs 9]
                   [--iterations 500000]

Builds bench/probe/locks_bench.cpp (clang++-19 -O2 -g), then runs it bare and
with each probe preloaded (CONC_PROBE_LOCKS=1, CONC_PROBE=off: the lock
tracker alone), the three variants interleaved in every round, and prints
min/median/max wall time and the median against the bare run. For a change
to the tracker's fast path: A is the library before it, B after.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe-a", required=True)
    parser.add_argument("--probe-b", required=True)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--iterations", type=int, default=500_000)
    args = parser.parse_args()
    if args.runs < 1 or args.iterations < 1:
        sys.exit("locks_ab: --runs and --iterations must be positive")
    for probe in (args.probe_a, args.probe_b):
        if not os.path.isfile(probe):
            sys.exit(f"locks_ab: no such library: {probe}")
    with tempfile.TemporaryDirectory() as tmp:
        bench = Path(tmp) / "locks_bench"
        subprocess.run(["clang++-19", "-std=c++20", "-O2", "-g", "-pthread",
                        str(HERE / "locks_bench.cpp"), "-o", str(bench)], check=True)
        tracked = {"CONC_PROBE_LOCKS": "1", "CONC_PROBE": "off"}
        variants = {
            "bare": {},
            f"A --locks ({args.probe_a})": dict(tracked, LD_PRELOAD=os.path.abspath(args.probe_a)),
            f"B --locks ({args.probe_b})": dict(tracked, LD_PRELOAD=os.path.abspath(args.probe_b)),
        }
        times = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, env in variants.items():
                start = time.monotonic()
                subprocess.run([str(bench), str(args.iterations)], env=dict(os.environ, **env),
                               check=True, stdout=subprocess.DEVNULL)
                times[name].append(time.monotonic() - start)
    base = statistics.median(times["bare"])
    print(f"| 8 threads x {args.iterations} iterations, {args.runs} runs | min | median | max | median / bare |")
    print("|---|---|---|---|---|")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"| {name} | {min(values):.3f} s | {med:.3f} s | {max(values):.3f} s | {med / base:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
