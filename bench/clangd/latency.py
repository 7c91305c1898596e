#!/usr/bin/env python3
"""Editor latency of conc-clangd against the stock clangd, over LSP.

    latency.py --conc-clangd build/bin/conc-clangd [--stock-clangd clangd-19]
               [--runs 7] [--lines 2000]

For each run and each server, in turn (so that machine load hits all of
them alike): a fresh project folder holding the editor-sized file of
make_editor_file.py, compile_flags.txt (-std=c++20) and a .clang-tidy; a new
server; `initialize`, then the time from `didOpen` to the first
publishDiagnostics (preamble, AST, checks), then the time from a `didChange`
(one comment line added at the end, so the preamble is reused) to the
diagnostics of that version. Beside the wall-clock time, the CPU time the
server process (all its threads) spent between didOpen and the diagnostics,
from /proc: on a loaded machine it varies much less than the wall clock.
The servers:

  stock        the stock clangd, .clang-tidy Checks: '-*,conc-*' (it knows
               none of them: clangd with no tidy checks)
  conc-off     conc-clangd, Checks: '-*' (its preamble change, no checks)
  conc-on      conc-clangd, Checks: '-*,conc-*' (every conc check runs)

Prints min/median/max per server and the ratio of medians against stock.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "tests" / "clangd"))
from lsp import LanguageServer, LspError  # noqa: E402

TIMEOUT = 300


def cpu_seconds(pid):
    """User + system CPU time of a process and all its threads so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_run(clangd, checks, source, work):
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "compile_flags.txt").write_text("-std=c++20\n")
    (work / ".clang-tidy").write_text(f"Checks: '{checks}'\n")
    path = work / "editor.cpp"
    text = source.read_text()
    path.write_text(text)
    env = dict(os.environ, XDG_CONFIG_HOME=str(work / "xdg-config"))
    env.pop("CLANGD_FLAGS", None)
    server = LanguageServer([clangd, "--background-index=false", "--log=error"],
                            cwd=work, stderr_path=work / "server.log", env=env)
    try:
        server.initialize(work, TIMEOUT)
        cpu = cpu_seconds(server.process.pid)
        start = time.perf_counter()
        server.open(path, text, 1)
        first = server.diagnostics(path, 1, TIMEOUT)
        opened = time.perf_counter() - start
        open_cpu = cpu_seconds(server.process.pid) - cpu
        start = time.perf_counter()
        server.change(path, text + "// edited\n", 2)
        server.diagnostics(path, 2, TIMEOUT)
        changed = time.perf_counter() - start
    finally:
        server.shutdown(TIMEOUT)
    conc = sum(1 for d in first if str(d.get("code", "")).startswith("conc-"))
    return opened, open_cpu, changed, conc


def summary(values):
    return min(values), statistics.median(values), max(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conc-clangd", required=True)
    parser.add_argument("--stock-clangd", default="clangd-19")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lines", type=int, default=2000)
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    conc_clangd = Path(args.conc_clangd).resolve()
    stock = shutil.which(args.stock_clangd)
    for name, binary in (("--conc-clangd", conc_clangd), ("--stock-clangd", stock)):
        if binary is None or not os.access(binary, os.X_OK):
            parser.error(f"{name}: not an executable (scripts/install-deps.sh installs clangd-19)")

    servers = [("stock", stock, "-*,conc-*"), ("conc-off", str(conc_clangd), "-*"),
               ("conc-on", str(conc_clangd), "-*,conc-*")]
    results = {name: {"open": [], "cpu": [], "change": [], "conc": set()}
               for name, _, _ in servers}
    with tempfile.TemporaryDirectory(prefix="conc-clangd-bench-") as scratch:
        scratch = Path(scratch)
        source = scratch / "editor.cpp"
        subprocess.run([sys.executable, HERE / "make_editor_file.py", source,
                        "--lines", str(args.lines)], check=True, stdout=subprocess.DEVNULL)
        lines = source.read_text().count("\n")
        for run in range(args.runs):
            for name, binary, checks in servers:
                try:
                    opened, cpu, changed, conc = one_run(binary, checks, source,
                                                         scratch / name)
                except LspError as error:
                    sys.exit(f"latency: {name}, run {run + 1}: {error}")
                results[name]["open"].append(opened)
                results[name]["cpu"].append(cpu)
                results[name]["change"].append(changed)
                results[name]["conc"].add(conc)
                print(f"run {run + 1} {name:8} open {opened * 1000:7.0f} ms "
                      f"(cpu {cpu * 1000:6.0f} ms)  "
                      f"change {changed * 1000:6.0f} ms  conc findings {conc}", file=sys.stderr)

    print(f"file: {lines} lines (make_editor_file.py), runs: {args.runs}, "
          f"times in ms as min / median / max, ratio = median / stock's median")
    base = {k: statistics.median(results["stock"][k]) for k in ("open", "cpu", "change")}
    print(f"{'server':9} {'didOpen -> diagnostics':>30} {'CPU in that time':>30} "
          f"{'didChange -> diagnostics':>30}  conc findings")
    for name, _, _ in servers:
        r = results[name]
        cells = []
        for key in ("open", "cpu", "change"):
            lo, mid, hi = summary(r[key])
            ratio = mid / base[key]
            cells.append(f"{lo * 1000:6.0f} / {mid * 1000:6.0f} / {hi * 1000:6.0f} x{ratio:4.2f}")
        print(f"{name:9} " + " ".join(f"{c:>30}" for c in cells) +
              f"  {','.join(map(str, sorted(r['conc'])))}")
    if results["conc-on"]["conc"] == {0}:
        sys.exit("latency: conc-clangd reported no conc finding: the checks did not run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
