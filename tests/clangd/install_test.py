#!/usr/bin/env python3
"""Installs conc-clangd with its own install rules into a scratch prefix and
checks the result: an executable bin/conc-clangd that runs, and an export
file of the CMake package that names conc::conc-clangd at that path. With
--with-runtime, the runtime (which installs concConfig.cmake) goes into the
same prefix and a consumer project's find_package(conc) must see
conc::conc-clangd at the installed path.

    install_test.py --cmake CMAKE --build-dir BUILD --prefix DIR [--with-runtime]
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path


CONSUMER = """cmake_minimum_required(VERSION 3.25)
project(uses_conc_clangd CXX)
find_package(conc REQUIRED)
if(NOT TARGET conc::conc-clangd)
  message(FATAL_ERROR "find_package(conc) has no conc::conc-clangd")
endif()
get_target_property(configs conc::conc-clangd IMPORTED_CONFIGURATIONS)
list(GET configs 0 config)
get_target_property(location conc::conc-clangd IMPORTED_LOCATION_${config})
message(STATUS "conc::conc-clangd is ${location}")
"""


def check_find_package(args):
    subprocess.run([args.cmake, "--install", args.build_dir / "runtime-probes",
                    "--prefix", args.prefix], check=True, timeout=240,
                   stdout=subprocess.DEVNULL)
    consumer = args.prefix.parent / (args.prefix.name + "-consumer")
    shutil.rmtree(consumer, ignore_errors=True)
    consumer.mkdir(parents=True)
    (consumer / "CMakeLists.txt").write_text(CONSUMER)
    result = subprocess.run([args.cmake, "-S", consumer, "-B", consumer / "build",
                             f"-DCMAKE_PREFIX_PATH={args.prefix}"],
                            capture_output=True, text=True, timeout=240)
    expected = f"conc::conc-clangd is {args.prefix.resolve() / 'bin' / 'conc-clangd'}"
    if result.returncode != 0 or expected not in result.stdout:
        return [f"find_package(conc) in a consumer: exit {result.returncode}, expected "
                f"{expected!r}:\n{result.stdout}{result.stderr}"]
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmake", required=True)
    parser.add_argument("--build-dir", required=True, type=Path)
    parser.add_argument("--prefix", required=True, type=Path)
    parser.add_argument("--with-runtime", action="store_true")
    args = parser.parse_args()
    shutil.rmtree(args.prefix, ignore_errors=True)
    problems = []
    subprocess.run([args.cmake, "--install", args.build_dir / "checker" / "clangd",
                    "--prefix", args.prefix], check=True, timeout=240)
    binary = args.prefix / "bin" / "conc-clangd"
    if not binary.is_file():
        problems.append(f"{binary} was not installed")
    else:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                 timeout=60)
        if version.returncode != 0 or "conc-clangd" not in version.stdout:
            problems.append(f"installed conc-clangd --version: exit {version.returncode}, "
                            f"{version.stdout!r}")
    exports = list(args.prefix.glob("lib*/cmake/conc/concClangdTargets*.cmake"))
    text = "".join(p.read_text() for p in exports)
    if not re.search(r"add_executable\(conc::conc-clangd IMPORTED\)", text):
        problems.append(f"no imported conc::conc-clangd in {exports or 'lib/cmake/conc'}")
    if "/bin/conc-clangd" not in text:
        problems.append("the imported conc::conc-clangd does not point at bin/conc-clangd")
    if args.with_runtime:
        problems += check_find_package(args)
    for problem in problems:
        print(f"install_test: FAIL: {problem}")
    if not problems:
        print("install_test: PASS")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
