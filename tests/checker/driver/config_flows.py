#!/usr/bin/env python3
"""Outdated and broken .clang-tidy files (OutdatedConfig), one flow per test.

    config_flows.py --tidy CONC_TIDY --work DIR FLOW

Flows:
  unknown-key     `AnalyzeTemporaryDtors: false` beside `Checks: '-*,conc-*'`:
                  one warning naming the key and the file, the conc finding
                  reported, in CI mode and in clang-tidy mode.
  several-keys    unknown keys in flow style, with nested values, in a child
                  file that inherits its parent's checks: all dropped, each
                  named once, the rest of both files applies.
  config-file     the same through --config-file and --config.
  unusable        a configuration that cannot be used at all: CI mode exits 2
                  with one line naming the file; clang-tidy mode warns.
Prints what failed and exits 1.
"""

import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
FINDING = "producer.cpp:8:3: warning: 'pthread_cond_wait' on 'ProducerCv'"


class Failure(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise Failure(what)


def run(command, cwd=None):
    done = subprocess.run([str(c) for c in command], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=300)
    print("$", " ".join(map(str, command)), f"# exit {done.returncode}")
    print(done.stdout[-3000:], done.stderr[-3000:], sep="", end="")
    return done


def project(work, config, subdir=None, child_config=None):
    """producer.cpp + queue.h under work/src (or work/src/SUBDIR) with
    .clang-tidy files; returns the source file."""
    shutil.rmtree(work, ignore_errors=True)
    src = work / "src"
    code = src / subdir if subdir else src
    code.mkdir(parents=True)
    for name in ("producer.cpp", "queue.h"):
        shutil.copy(HERE / "project" / name, code / name)
    if config is not None:
        (src / ".clang-tidy").write_text(config)
    if child_config is not None:
        (code / ".clang-tidy").write_text(child_config)
    return code / "producer.cpp"


def warnings_about(stderr, key):
    return [l for l in stderr.splitlines() if f"unknown key '{key}'" in l]


def both_modes(args, source, *tidy_args, keys=()):
    """CI mode and clang-tidy mode, no --checks: the configuration decides."""
    ci = run([args.tidy, "-j1", "--no-progress", *tidy_args, source, "--", "-std=c++20"])
    expect(ci.returncode == 1, "CI mode: the conc finding (exit 1)")
    expect(FINDING in ci.stdout, "CI mode: the conc finding")
    plain = run([args.tidy, *tidy_args, source, "--", "-std=c++20"])
    expect(plain.returncode == 0 and FINDING in plain.stdout,
           "clang-tidy mode: the conc finding, exit 0")
    for done in (ci, plain):
        expect("Error parsing" not in done.stderr, "clang-tidy itself must not reject the file")
        for key in keys:
            lines = warnings_about(done.stderr, key)
            expect(len(lines) == 1, f"one warning for {key}: {lines}")
            expect(lines[0].startswith("conc-tidy: warning: ") and "the rest of the "
                   "configuration applies" in lines[0], f"warning text: {lines[0]}")
    return ci, plain


def flow_unknown_key(args):
    source = project(args.work, "Checks: '-*,conc-*'\nAnalyzeTemporaryDtors: false\n"
                                "WarningsAsErrors: ''\n")
    ci, plain = both_modes(args, source, keys=["AnalyzeTemporaryDtors"])
    expect(str(args.work / "src" / ".clang-tidy") in warnings_about(
        ci.stderr, "AnalyzeTemporaryDtors")[0], "the warning names the file")
    # Listing the checks reads the same file (for the current folder).
    done = run([args.tidy, "--list-checks"], cwd=args.work / "src")
    expect(done.returncode == 0 and "conc-cv-wait-predicate" in done.stdout and
           "Error parsing" not in done.stderr and
           len(warnings_about(done.stderr, "AnalyzeTemporaryDtors")) == 1,
           "--list-checks lists the file's conc-* checks, with the warning")


def flow_several_keys(args):
    block_key = ("FutureBlockKey:\n  nested: 1\n  list:\n    - a\n    - b\n"
                 "# a comment between keys\nFutureSequenceKey:\n- one\n- two\n")
    parent = ("Checks: '-*'\n" + block_key +
              "CheckOptions:\n  conc-cv-wait-predicate.WaitFunctions: '::pthread_cond_wait'\n")
    child = ("{InheritParentConfig: true, AnalyzeTemporaryDtors: false,\n"
             " Checks: 'conc-cv-wait-predicate', FutureNestedKey: {a: [1, 2], b: x},\n"
             " FutureListKey: [one, two]}\n")
    source = project(args.work, parent, subdir="lib", child_config=child)
    both_modes(args, source, keys=["AnalyzeTemporaryDtors", "FutureNestedKey", "FutureListKey",
                                   "FutureBlockKey", "FutureSequenceKey"])
    # The parent's option applies: no wait function, no finding.
    (args.work / "src" / ".clang-tidy").write_text(
        "Checks: '-*'\n" + block_key +
        "CheckOptions:\n  conc-cv-wait-predicate.WaitFunctions: '::nothing'\n")
    done = run([args.tidy, source, "--", "-std=c++20"])
    expect(FINDING not in done.stdout, "the inherited parent's options apply")
    expect(len(warnings_about(done.stderr, "FutureNestedKey")) == 1, "still one warning")


def flow_config_file(args):
    source = project(args.work, None)
    config = args.work / "outdated.yaml"
    config.write_text("Checks: '-*,conc-*'\nAnalyzeTemporaryDtors: false\n")
    both_modes(args, source, f"--config-file={config}", keys=["AnalyzeTemporaryDtors"])
    both_modes(args, source, "--config={Checks: '-*,conc-*', AnalyzeTemporaryDtors: false}",
               keys=["AnalyzeTemporaryDtors"])


def flow_unusable(args):
    source = project(args.work, "Checks: '-*,conc-*'\nAnalyzeTemporaryDtors: false\n"
                                "WarningsAsErrors: [not, a, string]\n")
    config = args.work / "src" / ".clang-tidy"
    ci = run([args.tidy, "-j1", "--no-progress", source, "--", "-std=c++20"])
    expect(ci.returncode == 2, "CI mode: exit 2")
    errors = [l for l in ci.stderr.splitlines() if "error" in l]
    expect(len(errors) == 1 and re.match(
        rf"conc-tidy: error: {re.escape(str(config))}:3:\d+: .*; this configuration "
        r"cannot be used$", errors[0]), f"one clear line naming the file: {errors}")
    expect("analysed files" not in ci.stderr, "nothing linted with a silent fallback")
    plain = run([args.tidy, source, "--", "-std=c++20"])
    expect(any(l.startswith("conc-tidy: warning: ") and str(config) in l and
               "cannot be used" in l for l in plain.stderr.splitlines()),
           "clang-tidy mode: a warning naming the file")
    # A broken file above a usable one that does not inherit is never read.
    (args.work / "src" / "lib").mkdir()
    shutil.copy(HERE / "project" / "producer.cpp", args.work / "src" / "lib" / "producer.cpp")
    shutil.copy(HERE / "project" / "queue.h", args.work / "src" / "lib" / "queue.h")
    (args.work / "src" / "lib" / ".clang-tidy").write_text("Checks: '-*,conc-*'\n")
    done = run([args.tidy, "-j1", "--no-progress", args.work / "src" / "lib" / "producer.cpp",
                "--", "-std=c++20"])
    expect(done.returncode == 1 and FINDING in done.stdout,
           "a parent file clang-tidy does not read does not matter")


FLOWS = {"unknown-key": flow_unknown_key, "several-keys": flow_several_keys,
         "config-file": flow_config_file, "unusable": flow_unusable}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy", required=True)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    parser.add_argument("flow", choices=sorted(FLOWS))
    args = parser.parse_args()
    args.work = args.work.resolve() / args.flow
    try:
        FLOWS[args.flow](args)
    except (Failure, json.JSONDecodeError, FileNotFoundError, IndexError) as error:
        print(f"config_flows: FAIL: {args.flow}: {error}", file=sys.stderr)
        return 1
    print(f"config_flows: PASS: {args.flow}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
