#!/usr/bin/env python3
"""What keeping header bodies costs when the preamble is built.

    preamble_cost.py --conc-clangd build/bin/conc-clangd [--stock-clangd clangd-19]
                     [--runs 3]

Builds the preamble of a file that includes LLVM's AST headers with -I (so
they are project headers to clangd: thousands of inline functions) with
`--check`, and reports for each server the preamble's size, clangd's own
preamble build time and the process's user CPU time and peak memory:
  stock                the stock clangd
  conc                 conc-clangd (keeps bodies of non-system headers)
  conc-header-bodies=0 conc-clangd --conc-header-bodies=false
This is the worst case of the rule; a file that includes only system
headers gets the same preamble from all three (see bench/RESULTS.md).
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = """#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

int count(const clang::ASTContext &Ctx) { return Ctx.getTypes().size(); }
"""


def check(command, work):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command + [f"--check={work / 'big.cpp'}", "--check-locations=0"],
                            cwd=work, capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, XDG_CONFIG_HOME=str(work / "xdg-config")))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    m = re.search(r"Built preamble of size (\d+) for file .* in ([\d.]+) seconds", result.stderr)
    if result.returncode != 0 or not m:
        sys.exit(f"preamble_cost: {command} failed (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return int(m[1]), float(m[2]), after.ru_utime - before.ru_utime, after.ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conc-clangd", required=True)
    parser.add_argument("--stock-clangd", default="clangd-19")
    parser.add_argument("--llvm-include", default="/usr/lib/llvm-19/include")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    conc = str(Path(args.conc_clangd).resolve())
    stock = shutil.which(args.stock_clangd)
    if stock is None or not os.access(conc, os.X_OK):
        parser.error("need an executable --conc-clangd and --stock-clangd")
    if not Path(args.llvm_include, "clang", "AST", "ASTContext.h").is_file():
        parser.error(f"--llvm-include {args.llvm_include}: no clang/AST/ASTContext.h there")
    servers = [("stock", [stock]), ("conc", [conc]),
               ("conc-header-bodies=0", [conc, "--conc-header-bodies=false"])]
    results = {name: [] for name, _ in servers}
    with tempfile.TemporaryDirectory(prefix="conc-preamble-") as work:
        work = Path(work)
        (work / "compile_flags.txt").write_text(f"-std=c++17\n-I{args.llvm_include}\n")
        (work / "big.cpp").write_text(SOURCE)
        for _ in range(args.runs):
            for name, command in servers:
                results[name].append(check(command, work))
    print(f"runs: {args.runs}; medians (ratio to stock)")
    print(f"{'server':22} {'preamble bytes':>16} {'build (s)':>14} {'user CPU (s)':>16}")
    base = [statistics.median(r[i] for r in results["stock"]) for i in range(3)]
    for name, _ in servers:
        med = [statistics.median(r[i] for r in results[name]) for i in range(3)]
        print(f"{name:22} {med[0]:>10.0f} x{med[0] / base[0]:4.2f} {med[1]:>7.2f} x{med[1] / base[1]:4.2f}"
              f" {med[2]:>8.2f} x{med[2] / base[2]:4.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
