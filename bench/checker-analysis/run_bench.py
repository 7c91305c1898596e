#!/usr/bin/env python3
"""Cost of conc's checks over parse-only runs of the same translation units.

For every unit, runs conc-tidy once "parse only" and once per set of checks
timed. clang-tidy with no check at all skips the parse, so parse only is the
frontend with the cheapest upstream check (cppcoreguidelines-avoid-goto: one
matcher on goto statements), which costs the parse and one AST traversal.

Two measures:

  --measure instructions (the one to decide with): instructions executed by
      conc-tidy, counted by valgrind's cachegrind with the cache simulation
      off. The count does not depend on the machine's load or on other
      processes, so a loaded 2-core machine gives the same figure as an idle
      one (repeat runs differ by well under 0.1%). About 30 times slower than
      a plain run.
  --measure cpu: CPU time (user + system) of the child, the fastest of
      --rounds runs per unit, modes alternating. Only meaningful on an idle
      machine.

What is timed against parse only:

  --checks LIST   one set of checks (default: the two thread-lifetime checks);
  --per-check     every conc check alone, then all conc checks together
                  (the checks conc-tidy lists for -*,conc-*).

Units: files of the -p compilation database given on the command line, or
--units FILE, a unit set: one unit per line, written as conc-tidy's
arguments after the checks (`-p DB FILE`, or `FILE -- COMPILER-ARGS`);
%root is this repository's root, %build the -p folder. '#' starts a comment.

Report: per unit the added cost of each mode; per mode the ratio of the sums,
the median ratio over the units and the worst unit. The script exits 1 when a
ratio passes --goal (default 1.10: at most 10% over parse only).

    run_bench.py --tidy build/bin/conc-tidy -p build --measure instructions \\
        --per-check --units bench/checker-analysis/units.txt
    run_bench.py --tidy build/bin/conc-tidy -p build --rounds 3 [FILE...]
"""

import argparse
import concurrent.futures
import json
import os
import re
import resource
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile

CHECKS = "-*,conc-unjoined-thread,conc-leaked-thread"
BASELINE = "-*,cppcoreguidelines-avoid-goto"
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
INSTRUCTIONS_RE = re.compile(r"I\s+refs:\s+([\d,]+)")
# A unit that does not compile measures nothing: its run must not count.
COMPILE_ERROR_RE = re.compile(r"^\S+:\d+:\d+: error: ", re.MULTILINE)


def fail(message):
    sys.exit(f"run_bench: {message}")


def tidy_command(tidy, checks, unit):
    return [tidy, f"--checks={checks}", "--quiet"] + unit


def check_exit(cmd, result):
    if result.returncode not in (0, 1):
        fail(f"{shlex.join(cmd)} exited with {result.returncode}:\n{result.stderr[-2000:]}")
    error = COMPILE_ERROR_RE.search(result.stdout + result.stderr)
    if error:
        fail(f"{shlex.join(cmd)}: the unit does not compile "
             f"({(result.stdout + result.stderr)[error.start():][:300]})")


# The children running now (conc-tidy, or valgrind running it), so that a
# SIGTERM (a CI timeout, `kill`) stops them too: valgrind runs for minutes and
# would go on loading the machine after this script is gone. (Ctrl-C reaches
# them already: they are in the terminal's process group.) Set operations are
# atomic under the GIL, so the signal handler needs no lock.
LIVE_CHILDREN = set()


def run_child(cmd):
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as child:
        LIVE_CHILDREN.add(child)
        try:
            out, err = child.communicate()
        finally:
            LIVE_CHILDREN.discard(child)
    return subprocess.CompletedProcess(cmd, child.returncode, out, err)


def stop_children(signum, _frame):
    for child in list(LIVE_CHILDREN):
        child.kill()
    print(f"run_bench: stopped by signal {signum}", file=sys.stderr)
    os._exit(128 + signum)


def cpu_seconds(tidy, checks, unit):
    cmd = tidy_command(tidy, checks, unit)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run_child(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    check_exit(cmd, result)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(tidy, checks, unit):
    with tempfile.NamedTemporaryFile(prefix="run_bench-", suffix=".log") as log:
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no",
               "--cachegrind-out-file=/dev/null", f"--log-file={log.name}"]
        cmd += tidy_command(tidy, checks, unit)
        try:
            result = run_child(cmd)
        except FileNotFoundError:
            fail("valgrind is not installed (scripts/install-deps.sh installs it)")
        check_exit(cmd, result)
        match = INSTRUCTIONS_RE.search(open(log.name).read())
        if not match:
            fail(f"{shlex.join(cmd)}: cachegrind reported no instruction count")
        return int(match.group(1).replace(",", ""))


def read_units(path, build):
    try:
        lines = open(path).read().splitlines()
    except OSError as error:
        fail(f"cannot read the unit set {path}: {error}")
    units = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = [w.replace("%root", ROOT).replace("%build", build) for w in shlex.split(line)]
        source = next((w for w in words if w.endswith((".c", ".cc", ".cpp", ".cxx"))), None)
        if source is None or not os.path.isfile(source):
            fail(f"{path}:{number}: no source file in '{line}'")
        units.append(words)
    return units


def database_units(build, files):
    database = os.path.join(build, "compile_commands.json")
    try:
        with open(database) as f:
            entries = json.load(f)
    except (OSError, ValueError) as error:
        fail(f"cannot read {database}: {error}")
    files = files or sorted({e["file"] for e in entries
                             if e["file"].endswith((".cc", ".cpp", ".cxx", ".c"))})
    return [["-p", build, f] for f in files]


def conc_checks(tidy):
    result = subprocess.run([tidy, "--list-checks", "--checks=-*,conc-*"],
                            capture_output=True, text=True)
    checks = [line.strip() for line in result.stdout.splitlines()
              if line.strip().startswith("conc-")]
    if result.returncode != 0 or not checks:
        fail(f"{tidy} --list-checks named no conc check")
    return checks


def unit_name(unit):
    source = next(w for w in unit if w.endswith((".c", ".cc", ".cpp", ".cxx")))
    return os.path.relpath(source, ROOT) if source.startswith(ROOT) else source


def main():
    signal.signal(signal.SIGTERM, stop_children)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy", required=True)
    parser.add_argument("-p", dest="build", required=True, help="folder with compile_commands.json")
    parser.add_argument("--measure", choices=("cpu", "instructions"), default="cpu")
    parser.add_argument("--rounds", type=int, default=3, help="runs per unit and mode (cpu only)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many units (0: all)")
    parser.add_argument("--checks", default=CHECKS,
                        help=f"the checks to time against parse only (default: {CHECKS})")
    parser.add_argument("--per-check", action="store_true",
                        help="every conc check alone, then all of them together")
    parser.add_argument("--units", action="append", default=[],
                        help="a unit set file (see the description); may be repeated")
    parser.add_argument("--jobs", type=int, default=1,
                        help="runs at the same time (instructions only: counts do not "
                        "depend on the load)")
    parser.add_argument("--goal", type=float, default=1.10,
                        help="with --measure instructions, exit 1 when a mode's worst "
                        "ratio passes this (default 1.10)")
    parser.add_argument("files", nargs="*", help="units of the -p database (default: all of them)")
    args = parser.parse_args()

    units = ([u for path in args.units for u in read_units(path, args.build)]
             if args.units else database_units(args.build, args.files))
    if args.limit:
        units = units[:args.limit]
    if not units:
        fail("no translation units")
    if args.per_check:
        every = conc_checks(args.tidy)
        modes = [(c, f"-*,{c}") for c in every] + [("all conc checks", "-*," + ",".join(every))]
    else:
        modes = [(args.checks, args.checks)]

    unit_of_measure = "instructions" if args.measure == "instructions" else "CPU s"
    ratios = {name: [] for name, _ in modes}
    totals = {name: 0 for name, _ in modes}
    total_base = 0
    counted = {}
    if args.measure == "instructions":
        # Every run of every unit up front, --jobs at a time; the order of
        # the report stays that of the units.
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for index, unit in enumerate(units):
                for checks in [BASELINE] + [c for _, c in modes]:
                    counted[index, checks] = pool.submit(instructions, args.tidy, checks, unit)
    for index, unit in enumerate(units):
        if args.measure == "instructions":
            base = counted[index, BASELINE].result()
            costs = {name: counted[index, checks].result() for name, checks in modes}
        else:
            base = float("inf")
            costs = {name: float("inf") for name, _ in modes}
            for _ in range(args.rounds):
                base = min(base, cpu_seconds(args.tidy, BASELINE, unit))
                for name, checks in modes:
                    costs[name] = min(costs[name], cpu_seconds(args.tidy, checks, unit))
        total_base += base
        shown = f"{base:,}" if args.measure == "instructions" else f"{base:.3f}"
        print(f"{unit_name(unit)}: parse only {shown} {unit_of_measure}", flush=True)
        for name, _ in modes:
            totals[name] += costs[name]
            ratios[name].append((costs[name] / base, unit_name(unit)))
            print(f"    {name}: {100 * (costs[name] / base - 1):+.1f}%", flush=True)

    print(f"\n{len(units)} units, {unit_of_measure}, ratio over parse only "
          f"(sum over units / median over units / worst unit):")
    over_goal = []
    for name, _ in modes:
        worst = max(ratios[name])
        median = statistics.median(r for r, _ in ratios[name])
        print(f"  {name}: sum {totals[name] / total_base:.3f}, median {median:.3f}, "
              f"worst {worst[0]:.3f} ({worst[1]})")
        if worst[0] > args.goal:
            over_goal.append(name)
    if over_goal and args.measure == "instructions":
        print(f"over the goal ({args.goal:.2f}) on some unit: {', '.join(over_goal)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
