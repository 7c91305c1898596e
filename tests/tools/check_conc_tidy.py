#!/usr/bin/env python3
"""Runs one checker scenario file, with the contract of LLVM's check_clang_tidy.py.

A scenario file names its run in a comment, one or more times:

    // RUN: %check_conc_tidy [-check-suffix=S] %s CHECK-NAME %t [-- TIDY-ARGS [-- COMPILER-ARGS]]

(COMPILER-ARGS default to -std=c++20, or -std=c17 for a .c file.) Its
expectations are FileCheck directives in comments:

    // CHECK-MESSAGES: :[[@LINE+1]]:3: warning: ... [check-name]
    // CHECK-NOTES:    :[[@LINE-4]]:5: note: ...
    // CHECK-FIXES:    std::jthread worker(...);

In the arguments, %S stands for the scenario's folder (e.g. -I%S/Inputs) and
%conc_include for the folder of conc's real public headers (given with
--conc-include), so that a scenario using conc's primitives compiles against
the headers users get, never against a copy that could drift from them.
With -check-suffix=S the prefixes become CHECK-MESSAGES-S and so on.

The runner copies the file with its CHECK lines blanked, runs the tidy binary
with only CHECK-NAME enabled and --fix, and then:
  * matches the output against CHECK-MESSAGES, failing on any warning or
    error not expected (and against CHECK-NOTES, failing on any
    unexpected note as well; clang-tidy's "note: FIX-IT applied suggested
    code changes" lines are dropped first, as LLVM's runner does: the
    fixes themselves are checked by CHECK-FIXES);
  * matches the fixed copy against CHECK-FIXES, or, when the file has no
    CHECK-FIXES, requires that nothing was changed;
  * when the file has no expectation at all, requires silence: no warning,
    no error, no change. That is how a must-stay-silent scenario is written.
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys

RUN_RE = re.compile(r"RUN:\s*%check_conc_tidy\s+(.*)$")
# What clang-tidy adds under each diagnostic whose fix it applied.
FIXIT_NOTE = "note: FIX-IT applied suggested code changes"
CHECK_LINE_RE = re.compile(r"//\s*CHECK-(?:MESSAGES|FIXES|NOTES)[A-Za-z0-9_-]*:[^\r\n]*")


def fail(message):
    print(f"check_conc_tidy: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def run_lines(text):
    """The RUN specs of a file; a RUN line ending in a backslash goes on in
    the next RUN line."""
    specs, pending = [], None
    for line in text.splitlines():
        if pending is not None:
            more = re.search(r"RUN:\s*(.*)$", line)
            if not more:
                fail("a RUN line ends with '\\' but the next line is no RUN line")
            pending += " " + more.group(1)
        elif (match := RUN_RE.search(line)):
            pending = match.group(1)
        else:
            continue
        if pending.rstrip().endswith("\\"):
            pending = pending.rstrip()[:-1]
        else:
            specs.append(pending)
            pending = None
    return specs


def parse_run_line(spec, scenario, conc_include):
    """Returns (suffix, check_name, tidy_args, compiler_args) of one RUN line."""
    # %S is the scenario's folder, for headers next to it (-I%S/Inputs).
    spec = spec.replace("%S", os.path.dirname(os.path.abspath(scenario)))
    if "%conc_include" in spec:
        if not conc_include:
            fail(f"{scenario}: the RUN line uses %conc_include but no --conc-include was given")
        if not os.path.isfile(os.path.join(conc_include, "conc", "channel.h")):
            fail(f"{scenario}: --conc-include {conc_include} holds no conc/channel.h")
        spec = spec.replace("%conc_include", conc_include)
    words = shlex.split(spec)
    suffix = ""
    while words and words[0].startswith("-check-suffix"):
        suffix = words.pop(0).split("=", 1)[1]
    if len(words) < 3 or words[0] != "%s" or words[2] != "%t":
        fail(f"{scenario}: RUN line must read '%check_conc_tidy [-check-suffix=S] %s CHECK %t ...', got: {spec}")
    check = words[1]
    rest = words[3:]
    tidy_args, compiler_args = [], None
    if rest:
        if rest[0] != "--":
            fail(f"{scenario}: expected '--' after %t, got {rest[0]!r}")
        rest = rest[1:]
        if "--" in rest:
            cut = rest.index("--")
            tidy_args, compiler_args = rest[:cut], rest[cut + 1:]
        else:
            tidy_args = rest
    if compiler_args is None:
        compiler_args = ["-std=c17"] if scenario.endswith(".c") else ["-std=c++20"]
    return suffix, check, tidy_args, compiler_args


def run_filecheck(filecheck, pattern_file, input_file, prefix, implicit_not, strict=False):
    cmd = [filecheck, pattern_file, f"--input-file={input_file}", f"--check-prefix={prefix}",
           "--dump-input=never"]
    if implicit_not:
        cmd.append(f"--implicit-check-not={implicit_not}")
    if strict:
        cmd.append("--strict-whitespace")
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        print(result.stdout, file=sys.stderr)
        return False
    return True


def run_one(args, scenario, text, run_index, spec):
    suffix, check, tidy_args, compiler_args = parse_run_line(spec, scenario, args.conc_include)
    tail = f"-{suffix}" if suffix else ""
    messages, fixes, notes = (f"CHECK-MESSAGES{tail}", f"CHECK-FIXES{tail}", f"CHECK-NOTES{tail}")
    has = {p: re.search(rf"\b{re.escape(p)}:", text) is not None for p in (messages, fixes, notes)}

    os.makedirs(args.work_dir, exist_ok=True)
    base = os.path.basename(scenario)
    temp = os.path.join(args.work_dir, f"run{run_index}-{base}")
    blanked = CHECK_LINE_RE.sub("//", text)
    with open(temp, "w") as out:
        out.write(blanked)

    cmd = [args.tidy]
    if args.load:
        cmd.append(f"--load={args.load}")
    cmd += [temp, "--fix", f"--checks=-*,{check}"] + tidy_args + ["--"] + compiler_args
    try:
        result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                timeout=args.timeout)
    except subprocess.TimeoutExpired:
        fail(f"{scenario}: {os.path.basename(args.tidy)} did not finish in {args.timeout} s")
    output = result.stdout
    output_file = temp + ".out"
    with open(output_file, "w") as out:
        out.write(output)
    print(f"$ {shlex.join(cmd)}\n{output}")
    if result.returncode < 0 or result.returncode > 1:
        fail(f"{scenario}: {os.path.basename(args.tidy)} exited with {result.returncode}")

    with open(temp) as fixed_file:
        fixed = fixed_file.read()

    ok = True
    if not any(has.values()):
        if re.search(r"\b(warning|error|note):", output):
            fail(f"{scenario}: expected silence (the file has no CHECK lines), got diagnostics")
        if fixed != blanked:
            fail(f"{scenario}: expected no change, but fixes were applied")
        return
    if has[messages]:
        ok &= run_filecheck(args.filecheck, scenario, output_file, messages, "{{warning|error}}:")
    if has[notes]:
        notes_file = temp + ".notes"
        with open(notes_file, "w") as out:
            out.writelines(line for line in output.splitlines(keepends=True)
                           if FIXIT_NOTE not in line)
        ok &= run_filecheck(args.filecheck, scenario, notes_file, notes, "{{note|warning|error}}:")
    if has[fixes]:
        ok &= run_filecheck(args.filecheck, scenario, temp, fixes, None, strict=True)
    elif fixed != blanked:
        print(f"fixed file:\n{fixed}", file=sys.stderr)
        ok = False
        print(f"{scenario}: fixes were applied but the file has no {fixes} lines", file=sys.stderr)
    if not ok:
        fail(f"{scenario}: expectations not met (run {run_index}: {spec})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy", required=True, help="conc-tidy, or the stock clang-tidy with --load")
    parser.add_argument("--load", help="plugin to load into the tidy binary")
    parser.add_argument("--filecheck", required=True, help="LLVM's FileCheck")
    parser.add_argument("--work-dir", required=True, help="folder for the temporary copies")
    parser.add_argument("--conc-include", help="conc's public headers (runtime-probes/include), for %%conc_include")
    parser.add_argument("--timeout", type=int, default=120, help="seconds one tidy run may take")
    parser.add_argument("scenario")
    args = parser.parse_args()

    for tool in (args.tidy, args.filecheck):
        if shutil.which(tool) is None:
            fail(f"tool not found: {tool}")
    try:
        with open(args.scenario) as source:
            text = source.read()
    except OSError as error:
        fail(f"cannot read scenario: {error}")

    specs = run_lines(text)
    if not specs:
        fail(f"{args.scenario}: no '// RUN: %check_conc_tidy ...' line")
    for index, spec in enumerate(specs):
        run_one(args, args.scenario, text, index, spec)
    print("check_conc_tidy: PASS")


if __name__ == "__main__":
    main()
