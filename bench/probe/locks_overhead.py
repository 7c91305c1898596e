#!/usr/bin/env python3
"""Times bench/probe/locks_bench.cpp bare, under `conc-probe run --locks`,
and built with ThreadSanitizer (its deadlock detector is on by default).

usage: locks_overhead.py --conc-probe build/bin/conc-probe [--runs 7] [--iterations N]

Builds both binaries with clang++-19 -O2 -g into a temporary directory,
runs the three variants in turn (bare, --locks, tsan; repeated --runs
times), and prints min/median/max wall time of each and the ratio of the
medians to the bare median, as a Markdown table.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(out: Path, extra: list[str]) -> Path:
    cmd = ["clang++-19", "-std=c++20", "-O2", "-g", *extra, str(HERE / "locks_bench.cpp"), "-o", str(out), "-pthread"]
    subprocess.run(cmd, check=True)
    return out


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"locks_overhead: {' '.join(cmd)} failed with {run.returncode}:\n{run.stdout}{run.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conc-probe", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--iterations", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.runs < 1 or args.iterations < 1:
        sys.exit("locks_overhead: --runs and --iterations must be positive")
    with tempfile.TemporaryDirectory() as tmp:
        bare = build(Path(tmp) / "bare", [])
        tsan = build(Path(tmp) / "tsan", ["-fsanitize=thread"])
        n = str(args.iterations)
        variants = {
            "bare": [str(bare), n],
            "conc-probe run (no --locks)": [args.conc_probe, "run", "--", str(bare), n],
            "conc-probe run --locks": [args.conc_probe, "run", "--locks", "--", str(bare), n],
            "ThreadSanitizer": [str(tsan), n],
        }
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, cmd in variants.items():
                times[name].append(timed(cmd))
    base = statistics.median(times["bare"])
    print(f"| 8 threads x {args.iterations} iterations, {args.runs} runs | min | median | max | median / bare |")
    print("|---|---|---|---|---|")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"| {name} | {min(values):.3f} s | {med:.3f} s | {max(values):.3f} s | {med / base:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
