#!/usr/bin/env python3
"""Writes a small project and its compile_commands.json for conc-tidy's CI tests.

    make_database.py OUT [--add FILE]... [--missing NAME]... [--flag FLAG]...

Copies tests/checker/driver/project/ (plus each --add file) into OUT/src and
writes OUT/build/compile_commands.json with absolute paths: one entry per
.cpp, and one per --missing NAME for a file that does not exist.
"""

import argparse
import json
import pathlib
import shutil

HERE = pathlib.Path(__file__).resolve().parent


def make_database(out, add=(), missing=(), flags=()):
    out = pathlib.Path(out).resolve()
    src, build = out / "src", out / "build"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(HERE / "project", src)
    for extra in add:
        shutil.copy(HERE / extra, src / pathlib.Path(extra).name)
    build.mkdir(parents=True)
    names = sorted(p.name for p in src.glob("*.cpp")) + list(missing)
    entries = [{
        "directory": str(build),
        "file": str(src / name),
        "arguments": ["clang++", "-std=c++20", *flags, "-c", str(src / name),
                      "-o", f"{name}.o"],
    } for name in names]
    (build / "compile_commands.json").write_text(json.dumps(entries, indent=2))
    return src, build


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--add", action="append", default=[])
    parser.add_argument("--missing", action="append", default=[])
    parser.add_argument("--flag", action="append", default=[])
    args = parser.parse_args()
    make_database(args.out, args.add, args.missing, args.flag)


if __name__ == "__main__":
    main()
