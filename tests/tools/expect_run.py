#!/usr/bin/env python3
"""Runs a command and asserts its exit code and what it prints.

    expect_run.py --exit CODE [--match REGEX]... [--no-match REGEX]... [--timeout S] -- CMD ARGS...

Stdout and stderr are matched together. Used for the bad-input tests of every
command-line tool: the right exit code and a clear message, not just "failed".
"""

import argparse
import re
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exit", type=int, required=True, dest="code")
    parser.add_argument("--match", action="append", default=[])
    parser.add_argument("--no-match", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print(f"expect_run: FAIL: did not finish in {args.timeout} s: {command}")
        return 1
    output = result.stdout.decode(errors="replace")
    print(output)
    problems = []
    if result.returncode != args.code:
        problems.append(f"exit code {result.returncode}, expected {args.code}")
    for pattern in args.match:
        if not re.search(pattern, output, re.MULTILINE):
            problems.append(f"output does not match {pattern!r}")
    for pattern in args.no_match:
        if re.search(pattern, output, re.MULTILINE):
            problems.append(f"output matches {pattern!r}, which it must not")
    for problem in problems:
        print(f"expect_run: FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
