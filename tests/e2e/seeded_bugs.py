#!/usr/bin/env python3
"""Lint a folder of the example with conc-tidy and compare with its markers.

Every seeded bug in examples/ is marked where conc-tidy should report it:

    std::thread live(...);  // SEEDED-BUG(conc-unjoined-thread): why it is a bug

A marker on a line of its own applies to the next line of code. Several
checks may be named, comma-separated, when one line is expected to be flagged
by each of them.

  --expect seeded  every marker must be reported on its line with its check,
                   and nothing else may be reported; a marker naming a check
                   that conc-tidy does not list is a failure, as is (with
                   --every-check) a conc-* check that no marker names;
  --expect clean   the folder must have no markers and no finding at all.

Nothing is ever skipped: a missing check, header or file is a failure.

Exit codes: 0 the findings are exactly the expected ones, 1 they are not (a
report says what is missing and what is unexpected), 2 the comparison could
not be made (conc-tidy failed, a file did not compile, a bad marker).
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
from pathlib import Path

MARKER = re.compile(r"//\s*SEEDED-BUG\(([^)]*)\)")
CHECK_NAME = re.compile(r"^conc-[a-z0-9]+(-[a-z0-9]+)*$")
# path:line:col: warning: message [check] (clang-tidy lists aliases with commas)
FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): warning: (?P<message>.*) \[(?P<checks>[^\]]+)\]$")
COMPILER_ERROR = re.compile(r"^(?P<where>.+?:\d+:\d+): (?:fatal )?error: (?P<message>.*)$")
# clang-tidy's chatter around the diagnostics.
NOISE = re.compile(r"^(\d+ warnings? generated\.|Suppressed \d+ warnings|Use -header-filter|\[\d+/\d+\] Processing file)")
SOURCE_SUFFIXES = {".cpp", ".cc", ".cxx", ".h", ".hpp"}


class Failure(Exception):
    """The comparison could not be made: exit 2 with this message."""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy", required=True, help="the conc-tidy binary")
    parser.add_argument("--source", required=True, type=Path, help="the folder to lint (its .cpp files)")
    parser.add_argument("--expect", required=True, choices=["seeded", "clean"])
    parser.add_argument("-I", dest="includes", action="append", default=[], type=Path,
                        help="include directory for the compiler (repeatable)")
    parser.add_argument("-p", dest="build_dir", type=Path,
                        help="use this compilation database instead of -std=c++20 and -I")
    parser.add_argument("--min-kinds", type=int, default=0,
                        help="with --expect seeded: fail if fewer distinct checks are seeded")
    parser.add_argument("--every-check", action="store_true",
                        help="with --expect seeded: fail unless every conc-* check conc-tidy lists is seeded")
    parser.add_argument("--print-findings", action="store_true",
                        help="print conc-tidy's diagnostics (warnings, notes, source lines) before the summary")
    parser.add_argument("-j", dest="jobs", type=int, default=0,
                        help="conc-tidy processes at once (default: one per core)")
    return parser.parse_args(argv)


def rel(path, base):
    try:
        return os.path.relpath(path, base)
    except ValueError:
        return str(path)


def find_markers(source):
    """Returns [(path, line, check, note)] and the files scanned."""
    markers = []
    files = sorted(p for p in source.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file())
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        for index, text in enumerate(lines):
            match = MARKER.search(text)
            if not match:
                continue
            target = index
            if not text[: match.start()].strip():  # the comment has its own line
                target = index + 1
                while target < len(lines) and (not lines[target].strip() or lines[target].strip().startswith("//")):
                    target += 1
                if target == len(lines):
                    raise Failure(f"{path}:{index + 1}: SEEDED-BUG marker with no code after it")
            note = text[match.end():].lstrip(": ").strip()
            for check in (c.strip() for c in match.group(1).split(",")):
                if not CHECK_NAME.match(check):
                    raise Failure(f"{path}:{index + 1}: '{check}' in a SEEDED-BUG marker is not a conc-* check name")
                markers.append((path.resolve(), target + 1, check, note))
    return markers, files


def listed_checks(tidy):
    result = subprocess.run([tidy, "--list-checks", "--checks=-*,conc-*"],
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise Failure(f"'{tidy} --list-checks' failed with exit code {result.returncode}: {result.stderr.strip()}")
    return {line.strip() for line in result.stdout.splitlines() if CHECK_NAME.match(line.strip())}


def tidy_one(args, checks, source):
    """Runs conc-tidy on one translation unit; returns its output."""
    header_filter = "^" + re.escape(str(args.source.resolve())) + "/"
    command = [args.tidy, f"--checks=-*,{','.join(sorted(checks))}", f"--header-filter={header_filter}"]
    if args.build_dir:
        command += ["-p", str(args.build_dir), str(source)]
    else:
        command += [str(source), "--", "-std=c++20"] + [f"-I{include}" for include in args.includes]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    errors = [m for m in map(COMPILER_ERROR.match, output.splitlines()) if m]
    if errors:
        shown = "\n".join(f"  {m.group('where')}: {m.group('message')}" for m in errors[:5])
        raise Failure(f"{source.name} does not compile under conc-tidy:\n{shown}")
    # 0: no findings; 1: findings (conc-tidy's CI exit codes); upstream
    # clang-tidy also returns 0 with findings. Anything else is a tool error.
    if result.returncode not in (0, 1):
        raise Failure(f"conc-tidy failed on {source.name} with exit code {result.returncode}:\n"
                      f"{output.strip()[-2000:]}")
    return output


def run_tidy(args, checks, sources):
    """The conc-* findings on `sources`, one conc-tidy per file, in parallel."""
    jobs = args.jobs or os.cpu_count() or 1
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        outputs = list(pool.map(lambda source: tidy_one(args, checks, source), sources))
    if args.print_findings:
        for output in outputs:
            shown = [line for line in output.splitlines() if not NOISE.match(line)]
            if shown:
                print("\n".join(shown))
    findings = set()
    for output in outputs:
        for line in output.splitlines():
            match = FINDING.match(line)
            if not match:
                continue
            for check in match.group("checks").split(","):
                if check.startswith("conc-"):
                    findings.add((Path(match.group("path")).resolve(), int(match.group("line")), check,
                                  match.group("message")))
    return findings


def compare(args):
    source = args.source.resolve()
    if not source.is_dir():
        raise Failure(f"no such folder: '{args.source}'")
    markers, files = find_markers(source)
    sources = [f for f in files if f.suffix in {".cpp", ".cc", ".cxx"}]
    if not sources:
        raise Failure(f"no .cpp files in '{args.source}'")
    available = listed_checks(args.tidy)
    if not available:
        raise Failure(f"'{args.tidy}' lists no conc-* check")
    findings = run_tidy(args, available, sources)
    base = source.parent

    problems = []
    if args.expect == "clean":
        for path, line, check, _ in markers:
            problems.append(f"marker in the clean version: {rel(path, base)}:{line} [{check}]")
        for path, line, check, message in sorted(findings):
            problems.append(f"unexpected finding: {rel(path, base)}:{line}: {message} [{check}]")
        print(f"seeded_bugs: {args.source}: {len(findings)} finding(s) with {len(available)} conc-* checks "
              f"({', '.join(sorted(available))}), expected none")
    else:
        found_at = {(path, line, check) for path, line, check, _ in findings}
        matched = []
        for path, line, check, note in markers:
            where = f"{rel(path, base)}:{line}"
            if check not in available:
                problems.append(f"check not listed by conc-tidy: {where} [{check}]")
            elif (path, line, check) in found_at:
                matched.append(f"{where} [{check}]")
            else:
                near = sorted(f"line {l}" for p, l, c, _ in findings if p == path and c == check)
                hint = f" (this check reports {', '.join(near)} of that file)" if near else ""
                problems.append(f"missing: {where} [{check}] {note}{hint}")
        expected = {(path, line, check) for path, line, check, _ in markers}
        for path, line, check, message in sorted(findings):
            if (path, line, check) not in expected:
                problems.append(f"unexpected finding: {rel(path, base)}:{line}: {message} [{check}]")
        kinds = {check for _, _, check, _ in markers}
        if len(kinds) < args.min_kinds:
            problems.append(f"only {len(kinds)} kinds of bug are seeded, at least {args.min_kinds} are required")
        if args.every_check:
            problems += [f"no seeded bug of {check}" for check in sorted(available - kinds)]
        print(f"seeded_bugs: {args.source}: {len(markers)} seeded bug(s) of {len(kinds)} kinds; "
              f"{len(matched)} found, {len(problems)} problem(s)")
        for line in matched:
            print(f"  found    {line}")
    for line in problems:
        print(f"  FAIL     {line}")
    if problems:
        print("seeded_bugs: FAIL")
        return 1
    print("seeded_bugs: OK")
    return 0


def main(argv):
    args = parse_args(argv)
    try:
        return compare(args)
    except Failure as failure:
        print(f"seeded_bugs: error: {failure}", file=sys.stderr)
        return 2
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"seeded_bugs: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
