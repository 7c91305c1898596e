#!/usr/bin/env python3
"""Installs the checker with its own install rules into a scratch prefix and
uses what was installed as a user would: bin/conc-tidy on one file
(pass-through mode), bin/conc-tidy in CI mode over a compile_commands.json
(the CI mode re-executes its own binary for every worker), and the plugin
lib*/conc/libConcTidyModule.so loaded into the stock clang-tidy. Each must
report the same conc-unjoined-thread finding.

    install_test.py --cmake CMAKE --build-dir BUILD --stock-tidy CLANG_TIDY --prefix DIR
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

SOURCE = """#include <thread>
void work();
void start() {
  std::thread t(work);
}
"""
FINDING = "unjoined.cpp:4:15: warning: thread 't' may still be joinable"


def run(command, **kwargs):
    return subprocess.run([str(c) for c in command], capture_output=True, text=True,
                          timeout=240, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmake", required=True)
    parser.add_argument("--build-dir", required=True, type=Path)
    parser.add_argument("--stock-tidy", required=True)
    parser.add_argument("--prefix", required=True, type=Path)
    args = parser.parse_args()
    shutil.rmtree(args.prefix, ignore_errors=True)
    work = args.prefix.parent / (args.prefix.name + "-project")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "unjoined.cpp").write_text(SOURCE)
    (work / "compile_commands.json").write_text(json.dumps([{
        "directory": str(work), "file": "unjoined.cpp",
        "command": "g++ -std=c++20 -Wall -c unjoined.cpp"}]))

    installed = run([args.cmake, "--install", args.build_dir / "checker", "--prefix", args.prefix])
    if installed.returncode != 0:
        print(f"install_test: FAIL: cmake --install: exit {installed.returncode}\n"
              f"{installed.stdout}{installed.stderr}")
        return 1
    problems = []
    tidy = args.prefix / "bin" / "conc-tidy"
    plugins = sorted(args.prefix.glob("lib*/conc/libConcTidyModule.so"))
    if not tidy.is_file():
        problems.append(f"{tidy} was not installed")
    if len(plugins) != 1:
        problems.append(f"expected one lib*/conc/libConcTidyModule.so, found {plugins}")
    if problems:
        for problem in problems:
            print(f"install_test: FAIL: {problem}")
        return 1

    checks = "--checks=-*,conc-unjoined-thread"
    passthrough = run([tidy, checks, work / "unjoined.cpp", "--", "-std=c++20"])
    if FINDING not in passthrough.stdout:
        problems.append(f"installed conc-tidy on one file: exit {passthrough.returncode}, "
                        f"no finding:\n{passthrough.stdout}{passthrough.stderr}")

    ci = run([tidy, "-p", work, checks, "--format=json"], cwd=work)
    try:
        report = json.loads(ci.stdout)
        found = [(f["check"], Path(f["file"]).name, f["line"]) for f in report["findings"]]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        found = f"unreadable report ({error})"
    if ci.returncode != 1 or found != [("conc-unjoined-thread", "unjoined.cpp", 4)]:
        problems.append(f"installed conc-tidy in CI mode: exit {ci.returncode}, findings "
                        f"{found}, expected exit 1 and the one finding:\n{ci.stderr}")

    loaded = run([args.stock_tidy, f"--load={plugins[0]}", checks, work / "unjoined.cpp",
                  "--", "-std=c++20"])
    if FINDING not in loaded.stdout:
        problems.append(f"stock clang-tidy with the installed plugin: exit "
                        f"{loaded.returncode}, no finding:\n{loaded.stdout}{loaded.stderr}")

    for problem in problems:
        print(f"install_test: FAIL: {problem}")
    if problems:
        return 1
    print(f"install_test: PASS: {tidy} (one file and CI mode) and {plugins[0]} "
          "each report the finding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
