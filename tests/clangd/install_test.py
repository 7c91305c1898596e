#!/usr/bin/env python3
"""Installs conc-clangd with its own install rules into a scratch prefix and
checks the result: an executable bin/conc-clangd that runs, and an export
file of the CMake package that names conc::conc-clangd at that path.

    install_test.py --cmake CMAKE --build-dir BUILD --prefix DIR
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmake", required=True)
    parser.add_argument("--build-dir", required=True, type=Path)
    parser.add_argument("--prefix", required=True, type=Path)
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
    for problem in problems:
        print(f"install_test: FAIL: {problem}")
    if not problems:
        print("install_test: PASS")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
