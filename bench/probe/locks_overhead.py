#!/usr/bin/env python3
"""Times bench/probe/locks_bench.cpp bare, under `conc-probe run --locks`,
and built with ThreadSanitizer (its deadlock detector is on by default).

usage: locks_overhead.py --conc-probe build/bin/conc-probe [--runs 7] [--iterations N]
                         [--compilers clang++-19,g++] [--no-tsan]

Builds the program with each compiler (-O2 -g) into a temporary directory,
and with clang++-19 -fsanitize=thread; runs the variants in turn (for each
compiler: bare, `conc-probe run`, `conc-probe run --locks`; then tsan),
repeated --runs times, and prints min/median/max wall time of each, the
ratio of the medians to the same compiler's bare median, the min / max of
the per-round ratios (each round's time over the same round's bare time),
and the median CPU time (user + system) with its ratio, as a Markdown
table, with the load average before and after.
"""
import os
import resource
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(out: Path, compiler: str, extra: list[str]) -> Path:
    cmd = [compiler, "-std=c++20", "-O2", "-g", *extra, str(HERE / "locks_bench.cpp"), "-o", str(out), "-pthread"]
    subprocess.run(cmd, check=True)
    return out


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system, of the command and every
    process it waited for): the CPU time is the steadier figure on a busy
    machine, where the wall time also counts waiting for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        sys.exit(f"locks_overhead: {' '.join(cmd)} failed with {run.returncode}:\n{run.stdout}{run.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conc-probe", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--iterations", type=int, default=1_000_000)
    parser.add_argument("--compilers", default="clang++-19,g++")
    parser.add_argument("--no-tsan", action="store_true")
    args = parser.parse_args()
    if args.runs < 1 or args.iterations < 1:
        sys.exit("locks_overhead: --runs and --iterations must be positive")
    compilers = [c for c in args.compilers.split(",") if c]
    if not compilers:
        sys.exit("locks_overhead: --compilers names no compiler")
    load_before = os.getloadavg()
    n = str(args.iterations)
    variants: dict[str, list[str]] = {}
    baseline_of: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for compiler in compilers:
            bare = str(build(Path(tmp) / f"bare-{compiler}", compiler, []))
            variants[f"{compiler}: bare"] = [bare, n]
            variants[f"{compiler}: conc-probe run (no --locks)"] = [args.conc_probe, "run", "--", bare, n]
            variants[f"{compiler}: conc-probe run --locks"] = [args.conc_probe, "run", "--locks", "--", bare, n]
            for kind in ("bare", "conc-probe run (no --locks)", "conc-probe run --locks"):
                baseline_of[f"{compiler}: {kind}"] = f"{compiler}: bare"
        if not args.no_tsan:
            tsan = str(build(Path(tmp) / "tsan", "clang++-19", ["-fsanitize=thread"]))
            variants["clang++-19 -fsanitize=thread"] = [tsan, n]
            baseline_of["clang++-19 -fsanitize=thread"] = f"{compilers[0]}: bare"
        times: dict[str, list[float]] = {name: [] for name in variants}
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, cmd in variants.items():
                wall, used = timed(cmd)
                times[name].append(wall)
                cpu[name].append(used)
    load_after = os.getloadavg()
    print(f"| 8 threads x {args.iterations} iterations, {args.runs} runs | wall min | median | max "
          "| median / bare | per-round ratio min / max | CPU median | CPU median / bare |")
    print("|---|---|---|---|---|---|---|---|")
    for name, values in times.items():
        base_values = times[baseline_of[name]]
        med = statistics.median(values)
        rounds = [v / b for v, b in zip(values, base_values)]
        cpu_med = statistics.median(cpu[name])
        cpu_base = statistics.median(cpu[baseline_of[name]])
        print(f"| {name} | {min(values):.3f} s | {med:.3f} s | {max(values):.3f} s "
              f"| {med / statistics.median(base_values):.2f}x | {min(rounds):.2f}x / {max(rounds):.2f}x "
              f"| {cpu_med:.3f} s | {cpu_med / cpu_base:.2f}x |")
    print(f"\nload average (1, 5, 15 min): before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
