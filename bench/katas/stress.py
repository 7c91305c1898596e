#!/usr/bin/env python3
"""Proves every kata N times in a row on a machine kept busy, and reports each
kata's wrong grades.

    bench/katas/stress.py build/bin/conc-kata [NN ...] [--runs 20]
        [--spinners CORES] [--max-minutes 45] [--tsan-runs 2] [--json FILE]

A wrong grade is a proof run where the reference solution does not get full
marks, or the starter does not fail a stage its kata.json names: exactly
what a learner (a correct solution losing points at random) or CI (a flaky
kata-prove-*) would see. A kata's grade must not depend on the scheduler.

Load: as many spinning processes as cores (--spinners), started before the
first proof and killed at the end whatever happens (normal end, an exception,
Ctrl-C, SIGTERM; and if this script is SIGKILLed, each spinner dies with it:
PR_SET_PDEATHSIG, and it checks its parent between spins).

Cost: each kata's starter and solution are built once (both variants) and
conc-tidy runs once per set of files; the N repetitions repeat only the stages
whose result can depend on scheduling: the test runs (tests, probe, locks)
and the ThreadSanitizer runs (tsan). The solution is judged first in each
repetition, so that the kata's idle time is known before a starter deadlocks
(see katas/grader/conc_kata/time_limits.py).

--max-minutes bounds the whole run: when it is over, no new repetition starts
and the report says how many each kata got. Exit code: 0 when every proof
was right, 1 when some grade was wrong or the bound cut the run short, 2 on
bad input.
"""

import argparse
import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

SPINNER = """
import os, sys
parent = int(sys.argv[1])
while os.getppid() == parent:
    for _ in range(100000):
        pass
"""


def die_with_parent():
    """Runs in each spinner before exec: SIGKILL it when this script dies."""
    os.setsid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # the getppid() check in the spinner still ends it


class Spinners:
    """`count` processes that spin on a CPU each, for as long as the block runs."""

    def __init__(self, count):
        self.count = count
        self.procs = []

    def __enter__(self):
        for _ in range(self.count):
            self.procs.append(subprocess.Popen(
                [sys.executable, "-c", SPINNER, str(os.getpid())],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                preexec_fn=die_with_parent))
        return self

    def __exit__(self, *exc):
        for proc in self.procs:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        self.procs = []


def load_package(launcher):
    """The conc_kata package and configuration of the build that wrote `launcher`."""
    config_path = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(launcher))),
                               "katas", "grader", "conc-kata.json")
    if not os.path.isfile(config_path):
        sys.exit(f"stress.py: {config_path} not found: is {launcher} a build's bin/conc-kata?")
    with open(config_path, encoding="utf-8") as f:
        values = json.load(f)
    sys.path.insert(0, os.path.join(REPO, "katas", "grader"))
    import conc_kata.catalogue as catalogue
    import conc_kata.commands as commands
    import conc_kata.config as config
    import conc_kata.grader as grader
    return values, catalogue, commands, config, grader


class KataRecord:
    def __init__(self, kata):
        self.kata = kata
        self.runs = 0
        self.wrong_solution = 0
        self.wrong_starter = 0
        self.reruns = 0        # proofs where a run timed out once and was re-run
        self.saved = 0         # ... and the re-run finished: a grade the re-run kept right
        self.seconds = 0.0
        self.problems = []   # the first few, for the report

    @property
    def wrong(self):
        return self.wrong_solution + self.wrong_starter

    def to_json(self):
        return {"kata": self.kata.name, "runs": self.runs, "wrong_grades": self.wrong,
                "wrong_solution": self.wrong_solution, "wrong_starter": self.wrong_starter,
                "reruns": self.reruns, "saved_by_rerun": self.saved,
                "seconds": round(self.seconds, 1), "problems": self.problems}


def stress_kata(pkg, values, kata, args, deadline, stop, log):
    _, catalogue, commands, config_mod, grader_mod = pkg
    record = KataRecord(kata)
    started = time.monotonic()
    grader = grader_mod.Grader(config_mod.Config(values), args.cache, tsan_runs=args.tsan_runs)
    solution_dir = commands.solution_files(kata, grader.cache_dir)
    solution = grader.prepare(kata, solution_dir)
    starter = grader.prepare(kata, kata.dir)
    try:
        for run in range(1, args.runs + 1):
            if time.monotonic() > deadline or stop.is_set():
                break
            solved = grader.judge(solution)
            failed = grader.judge(starter)
            problems = commands.proof_problems(kata, run, failed, solved)
            record.runs = run
            # A stage whose details start with time_limits.Retry.describe().
            retried = [s for g in (solved, failed) for s in g.stages
                       if s.details.startswith("timed out after ")]
            if retried:
                record.reruns += 1
            if any(not s.details.split("\n")[0].endswith("timed out again") for s in retried):
                record.saved += 1
            if not solved.full_marks:
                record.wrong_solution += 1
            if any(not p.startswith(f"run {run}: the solution") for p in problems):
                record.wrong_starter += 1
            for problem in problems:
                if len(record.problems) < 3:
                    record.problems.append(problem.split("\n")[0][:300])
            log(f"{kata.name} run {run}: solution {solved.score}/{solved.max_score} "
                f"({solved.seconds:.1f} s), starter {failed.score}/{failed.max_score} "
                f"({failed.seconds:.1f} s){'  WRONG' if problems else ''}")
    finally:
        solution.discard()
        starter.discard()
        subprocess.run(["rm", "-rf", solution_dir], check=False)
        record.seconds = time.monotonic() - started
    return record


def git_commit():
    try:
        out = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        return out + ("+uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "?"


def markdown(records, header):
    lines = [header, "",
             "| kata | proofs | wrong grades | solution wrong | starter wrong | proofs with a re-run "
             "| re-run finished | seconds | first problem |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in records:
        first = r.problems[0].replace("|", "\\|") if r.problems else ""
        lines.append(f"| {r.kata.name} | {r.runs} | {r.wrong} | {r.wrong_solution} | "
                     f"{r.wrong_starter} | {r.reruns} | {r.saved} | {r.seconds:.0f} | {first} |")
    total_runs = sum(r.runs for r in records)
    total_wrong = sum(r.wrong for r in records)
    lines.append(f"| **all {len(records)}** | {total_runs} | {total_wrong} | "
                 f"{sum(r.wrong_solution for r in records)} | "
                 f"{sum(r.wrong_starter for r in records)} | "
                 f"{sum(r.reruns for r in records)} | {sum(r.saved for r in records)} | "
                 f"{sum(r.seconds for r in records):.0f} | |")
    return "\n".join(lines)


def interrupt(signum, frame):
    raise KeyboardInterrupt()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("conc_kata", help="the build's bin/conc-kata")
    parser.add_argument("katas", nargs="*", help="katas to prove (default: all)")
    parser.add_argument("--runs", type=int, default=20, help="proofs per kata (default 20)")
    parser.add_argument("--spinners", type=int, default=os.cpu_count() or 2,
                        help="busy processes (default: one per core)")
    parser.add_argument("--tsan-runs", type=int, default=2,
                        help="ThreadSanitizer runs per proof (default 2, as CI)")
    parser.add_argument("--max-minutes", type=float, default=45.0,
                        help="bound on the whole run (default 45)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="katas proven at the same time (default 2; a deadlocked "
                             "starter mostly waits)")
    parser.add_argument("--cache", default=None, help="object cache (default: the build's)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    if args.runs < 1 or args.spinners < 0 or args.max_minutes <= 0 or args.jobs < 1:
        parser.error("--runs and --jobs must be at least 1, --spinners at least 0, "
                     "--max-minutes above 0")

    pkg = load_package(args.conc_kata)
    values, catalogue, _, config_mod, _ = pkg
    args.cache = args.cache or values.get("cache_dir")
    config = config_mod.Config(values)
    try:
        katas = ([catalogue.find_kata(config, k) for k in args.katas] if args.katas
                 else catalogue.all_katas(config))
    except Exception as error:  # a UsageError: unknown kata, bad kata.json
        print(f"stress.py: {error}", file=sys.stderr)
        return 2

    def log(message):
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    # SIGTERM ends the run like Ctrl-C: through the `with`, which kills the spinners.
    signal.signal(signal.SIGTERM, interrupt)
    started = time.monotonic()
    deadline = started + args.max_minutes * 60
    load_before = os.getloadavg()
    interrupted = False
    errors = []
    stop = threading.Event()
    with Spinners(args.spinners), ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(stress_kata, pkg, values, kata, args, deadline, stop, log)
                   for kata in katas]
        try:
            for future in futures:
                future.exception()  # waits; errors are collected below
        except KeyboardInterrupt:
            interrupted = True
            stop.set()  # the workers end after their current proof
            for future in futures:
                future.cancel()
    records = []
    for kata, future in zip(katas, futures):
        if future.cancelled():
            continue
        if future.exception() is not None:  # e.g. conc-kata's support code does not build
            errors.append(f"{kata.name}: {future.exception()}")
            continue
        records.append(future.result())
    for error in errors:
        print(f"stress.py: could not prove {error}", file=sys.stderr)
    load_after = os.getloadavg()
    minutes = (time.monotonic() - started) / 60
    cut_short = interrupted or errors or len(records) < len(katas) or any(r.runs < args.runs for r in records)
    header = (f"`{' '.join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:])}` at commit "
              f"{git_commit()}: {args.spinners} spinners on {os.cpu_count()} cores, "
              f"{args.jobs} katas at a time, {args.tsan_runs} TSan runs per proof, {minutes:.1f} min, load average "
              f"{load_before[0]:.1f} before and {load_after[0]:.1f} after"
              + (" (cut short: see proofs)" if cut_short else ""))
    print()
    print(markdown(records, header))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"header": header, "minutes": round(minutes, 1),
                       "katas": [r.to_json() for r in records]}, f, indent=2)
    wrong = sum(r.wrong for r in records)
    return 1 if wrong or cut_short else 0


if __name__ == "__main__":
    sys.exit(main())
