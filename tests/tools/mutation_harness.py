#!/usr/bin/env python3
"""Crash harness: every conc check on broken copies of the checker scenarios.

    mutation_harness.py --tidy CONC_TIDY --scenarios DIR --work DIR
        [--count N] [--seed S] [--jobs J] [--batch B] [--timeout SECONDS]
        [--max-seconds T]

Takes the scenario files DIR/conc-*/*.{c,cpp}, draws N mutated copies with a
seeded generator (the same seed gives the same copies on every machine),
each with one of: a line deleted, a closing brace dropped, a statement
duplicated, an #include removed. Runs conc-tidy with all conc checks on each
(the compiler flags of the scenario's first RUN line; B copies per process
to share its start-up, each file reported on its own), and fails on any
crash (a signal, an exit code other than 0 or 1, a stack dump) or hang (no
result in --timeout seconds per copy). A failing copy is kept in
WORK/failures with the command that reproduces it. --max-seconds (for the
long run in bench/, never for the ctest) stops starting new copies after T
seconds and reports how many ran.

Exit 0 and a summary line on success, 1 with the failures listed otherwise.
"""

import argparse
import concurrent.futures
import pathlib
import random
import re
import shlex
import shutil
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_conc_tidy  # noqa: E402  (the RUN-line parser the scenarios use)

MUTATIONS = ("delete-line", "drop-closing-brace", "duplicate-statement", "remove-include")
CRASH_MARKERS = ("Stack dump:", "PLEASE submit a bug report", "LLVM ERROR",
                 "Assertion failed", "terminate called")


def scenario_flags(path, text, conc_include):
    """(tidy args, compiler args) of the scenario's first RUN line."""
    specs = check_conc_tidy.run_lines(text)
    if not specs:
        return None
    _, _, tidy_args, compiler_args = check_conc_tidy.parse_run_line(
        specs[0], str(path), conc_include)
    # The harness enables every conc check itself.
    tidy_args = [a for a in tidy_args if not a.startswith(("-checks", "--checks"))]
    return tidy_args, compiler_args


def mutate(text, kind, rng):
    """One mutation of `kind`, or None when the text offers no place for it.
    RUN lines are kept so that the copy stays a scenario."""
    lines = text.split("\n")
    def candidates(pred):
        return [i for i, line in enumerate(lines) if "RUN:" not in line and pred(line)]
    if kind == "delete-line":
        places = candidates(lambda l: l.strip() != "")
        if not places:
            return None
        del lines[rng.choice(places)]
    elif kind == "drop-closing-brace":
        places = [(i, m.start()) for i in candidates(lambda l: "}" in l)
                  for m in re.finditer(r"\}", lines[i])]
        if not places:
            return None
        i, col = rng.choice(places)
        lines[i] = lines[i][:col] + lines[i][col + 1:]
    elif kind == "duplicate-statement":
        places = candidates(lambda l: l.rstrip().endswith(";") and not l.lstrip().startswith("//"))
        if not places:
            return None
        i = rng.choice(places)
        lines.insert(i + 1, lines[i])
    elif kind == "remove-include":
        places = candidates(lambda l: l.lstrip().startswith("#include"))
        if not places:
            return None
        del lines[rng.choice(places)]
    return "\n".join(lines)


def draw(scenarios, count, seed):
    """count (scenario, kind, mutated text) triples, deterministic in seed."""
    rng = random.Random(seed)
    drawn, attempts = [], 0
    while len(drawn) < count and attempts < count * 20:
        attempts += 1
        path, text, flags = rng.choice(scenarios)
        kind = MUTATIONS[len(drawn) % len(MUTATIONS)]  # the four kinds equally
        mutated = mutate(text, kind, rng)
        if mutated is not None and mutated != text:
            drawn.append((path, kind, mutated, flags))
    return drawn


def run_batch(tidy, batch, timeout):
    """Runs conc-tidy on the batch's files; returns [(file, problem)]."""
    tidy_args, compiler_args = batch[0][1]
    files = [str(item[0]) for item in batch]
    command = [tidy, "--checks=-*,conc-*", *tidy_args, *files, "--", *compiler_args]
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, errors="replace", timeout=timeout * len(files))
    except subprocess.TimeoutExpired:
        if len(files) == 1:
            return [(files[0], f"hang: no result in {timeout} s", command)]
        return [p for item in batch for p in run_batch(tidy, [item], timeout)]
    crashed = done.returncode < 0 or done.returncode > 1 or any(
        m in done.stdout for m in CRASH_MARKERS)
    if not crashed:
        return []
    if len(files) == 1:
        tail = "\n".join(done.stdout.splitlines()[-25:])
        return [(files[0], f"crash: exit {done.returncode}\n{tail}", command)]
    # Which one: each file on its own.
    return [p for item in batch for p in run_batch(tidy, [item], timeout)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy", required=True)
    parser.add_argument("--scenarios", required=True, type=pathlib.Path)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    parser.add_argument("--conc-include", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parents[2] / "runtime-probes" / "include",
                        help="conc's public headers, for scenarios whose RUN line uses %%conc_include")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--timeout", type=int, default=60, help="seconds per mutated file")
    parser.add_argument("--max-seconds", type=float, default=0,
                        help="long runs: start no copy after this many seconds")
    args = parser.parse_args()

    if shutil.which(args.tidy) is None:
        print(f"mutation_harness: FAIL: no conc-tidy at {args.tidy}", file=sys.stderr)
        return 1
    scenarios = []
    for path in sorted(args.scenarios.glob("conc-*/*.c*")):
        if path.suffix not in (".c", ".cpp"):
            continue
        text = path.read_text()
        flags = scenario_flags(path, text, str(args.conc_include))
        if flags is None:
            print(f"mutation_harness: FAIL: {path} has no RUN line", file=sys.stderr)
            return 1
        scenarios.append((path, text, flags))
    if not scenarios:
        print(f"mutation_harness: FAIL: no scenarios under {args.scenarios}", file=sys.stderr)
        return 1

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    drawn = draw(scenarios, args.count, args.seed)
    if len(drawn) < args.count:
        print(f"mutation_harness: FAIL: only {len(drawn)} of {args.count} mutations "
              "could be drawn", file=sys.stderr)
        return 1

    # Files of one scenario folder with the same flags share a process; the
    # %S of a RUN line (Inputs next to the scenario) was resolved already.
    groups = {}
    for index, (path, kind, mutated, flags) in enumerate(drawn):
        folder = args.work / "units" / path.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / f"m{index:05d}-{kind}-{path.name}"
        copy.write_text(mutated)
        key = (tuple(flags[0]), tuple(flags[1]))
        groups.setdefault(key, []).append((copy, flags, kind))
    batches = [items[i:i + args.batch] for items in groups.values()
               for i in range(0, len(items), args.batch)]

    start = time.monotonic()
    failures = []
    ran = 0
    kinds = {k: 0 for k in MUTATIONS}  # of the copies that ran

    def one(batch):
        if args.max_seconds and time.monotonic() - start > args.max_seconds:
            return None
        return run_batch(args.tidy, batch, args.timeout)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for batch, problems in zip(batches, pool.map(one, batches)):
            if problems is None:
                continue
            ran += len(batch)
            for _, _, kind in batch:
                kinds[kind] += 1
            failures.extend(problems)
    seconds = time.monotonic() - start

    crashes = sum(1 for _, p, _ in failures if p.startswith("crash"))
    hangs = sum(1 for _, p, _ in failures if p.startswith("hang"))
    stopped = "" if ran == len(drawn) else f" (of {len(drawn)} drawn: --max-seconds reached)"
    summary = (f"mutation_harness: {ran} mutated units{stopped} from {len(scenarios)} scenarios "
               f"(seed {args.seed}; " + ", ".join(f"{k} {n}" for k, n in kinds.items()) +
               f"), all conc checks: {crashes} crashes, {hangs} hangs, {seconds:.0f} s")
    if failures:
        keep = args.work / "failures"
        keep.mkdir(exist_ok=True)
        for file, problem, command in failures:
            shutil.copy(file, keep / pathlib.Path(file).name)
            print(f"{file}: {problem}\n  reproduce: {shlex.join(command)}\n", file=sys.stderr)
        print(summary, file=sys.stderr)
        print("mutation_harness: FAIL", file=sys.stderr)
        return 1
    print(summary)
    print("mutation_harness: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
