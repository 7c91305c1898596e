#!/usr/bin/env python3
"""Runs one multi-file scenario of conc-tidy's whole-program CI mode.

    run_project.py --tidy CONC_TIDY --work DIR SCENARIO_DIR

A scenario is a folder of sources (*.cpp, *.c; headers beside them) and
`expected.txt`: the findings, notes included, one per line, as conc-tidy's
text report prints them with paths relative to the folder:

    index.cpp:16:5: warning: lock order cycle ... [conc-lock-order]
    index.cpp:14:3: note: 'index_mu' is acquired here

(lines starting with `#` are comments; no other line: the project must be
silent). The runner writes a compile_commands.json for the folder, runs
conc-tidy on the whole project, then in 1, 2 and 7 shards merged with
--merge (JSON and SARIF shards), and requires every run to report exactly the
expected findings, with the same fingerprints as the whole run. Prints what
differs and exits 1.
"""

import argparse
import json
import pathlib
import shutil
import subprocess
import sys

CHECKS = "--checks=-*,conc-*"
SHARD_COUNTS = (1, 2, 7)


class Failure(Exception):
    pass


def write_database(src, build):
    build.mkdir(parents=True)
    entries = []
    for source in sorted(src.iterdir()):
        if source.suffix not in (".cpp", ".c"):
            continue
        compiler, std = ("clang", "-std=c11") if source.suffix == ".c" else \
            ("clang++", "-std=c++20")
        entries.append({"directory": str(build), "file": str(source),
                        "arguments": [compiler, std, "-pthread", "-c",
                                      str(source), "-o", source.name + ".o"]})
    if not entries:
        raise Failure(f"{src}: no sources")
    (build / "compile_commands.json").write_text(json.dumps(entries, indent=2))


def run(tidy, args):
    command = [tidy, *map(str, args)]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=600)
    if done.returncode not in (0, 1):
        raise Failure(f"$ {' '.join(command)}\nexit {done.returncode}\n"
                      f"{done.stdout}{done.stderr}")
    return done


def lines_of(report):
    """The findings of a JSON report as the text report prints them."""
    lines = []
    for f in report["findings"]:
        lines.append(f"{f['file']}:{f['line']}:{f['column']}: {f['level']}: "
                     f"{f['message']} [{f['check']}]")
        for n in f["notes"]:
            lines.append(f"{n['file']}:{n['line']}:{n['column']}: note: "
                         f"{n['message']}")
    return lines


def fingerprints(report):
    return sorted(f["fingerprint"] for f in report["findings"])


def compare(what, got, expected):
    if got != expected:
        missing = [l for l in expected if l not in got]
        extra = [l for l in got if l not in expected]
        raise Failure(f"{what}: the findings differ from expected.txt\n"
                      + "".join(f"  missing: {l}\n" for l in missing)
                      + "".join(f"  unexpected: {l}\n" for l in extra)
                      + ("  (same lines, other order)\n"
                         if not missing and not extra else ""))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tidy", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("scenario")
    args = parser.parse_args()
    scenario = pathlib.Path(args.scenario).resolve()
    work = pathlib.Path(args.work).resolve()
    try:
        expected_file = scenario / "expected.txt"
        if not expected_file.exists():
            raise Failure(f"{scenario}: no expected.txt")
        expected = [l for l in expected_file.read_text().splitlines()
                    if l.strip() and not l.startswith("#")]
        shutil.rmtree(work, ignore_errors=True)
        src, build, cache = work / "src", work / "build", work / "cache"
        shutil.copytree(scenario, src)
        (src / "expected.txt").unlink()
        write_database(src, build)
        common = ["-p", build, CHECKS, "--header-filter=.*", "--root", src,
                  "--no-progress", "-j2"]

        # The whole project, fresh (it fills the cache the shards reuse).
        whole_out = work / "whole.json"
        run(args.tidy, [*common, "--cache-dir", cache, "--format=json",
                        "--output", whole_out])
        whole = json.loads(whole_out.read_text())
        compare("whole run", lines_of(whole), expected)
        if not all(u for u in whole.get("facts", [])) or \
                len(whole.get("facts", [])) != len(json.loads(
                    (build / "compile_commands.json").read_text())):
            raise Failure("whole run: the JSON report does not carry one "
                          "facts text per unit")

        # The text report says the same.
        text = run(args.tidy, [*common, "--cache-dir", cache]).stdout
        text = text.replace(str(src) + "/", "")
        for line in expected:
            if line not in text.splitlines():
                raise Failure(f"text report: missing '{line}'\n{text}")

        for count in SHARD_COUNTS:
            for fmt in ("json", "sarif"):
                outputs = []
                for index in range(1, count + 1):
                    out = work / f"shard-{index}-of-{count}.{fmt}"
                    run(args.tidy, [*common, "--cache-dir", cache,
                                    f"--shard={index}/{count}",
                                    f"--format={fmt}", "--output", out])
                    outputs.append(out)
                merged_out = work / f"merged-{count}-{fmt}.json"
                run(args.tidy, ["--merge", "--root", src, "--no-progress",
                                "--format=json", "--output", merged_out,
                                *outputs])
                merged = json.loads(merged_out.read_text())
                what = f"{count} {fmt} shard(s) merged"
                compare(what, lines_of(merged), expected)
                if fingerprints(merged) != fingerprints(whole):
                    raise Failure(f"{what}: fingerprints differ from the whole "
                                  f"run's")
    except (Failure, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
        print(f"run_project: FAIL: {scenario.name}: {e}")
        return 1
    print(f"run_project: ok: {scenario.name} (whole, {SHARD_COUNTS} shards)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
