#!/usr/bin/env python3
"""What conc-tidy changes in compile commands (CompileCommandAdjuster), one
flow per ctest test.

    compile_command_flows.py --tidy CONC_TIDY --stock-tidy CLANG_TIDY
        --plugin LIBCONCTIDYMODULE --clang CLANG --work DIR FLOW

Flows:
  gcc-project   a CMake project configured and built with g++ (-Werror, GCC-only
                flags, clang-only warnings) linted from its generated database:
                every unit analysed, its finding reported, in both modes; the
                stock clang-tidy refuses the same units.
  table-rows    one unit per row of the GCC-only flag table: each is analysed,
                and its flag is listed as dropped or translated.
  cmake-clang-tidy  the same project built with CMAKE_CXX_CLANG_TIDY=conc-tidy:
                the build succeeds and prints the finding (clang-tidy mode).
  retry         a flag no table row knows is dropped after clang's driver
                reports it as an unknown argument.
  clang-default-errors  C that GCC compiles and clang rejects by default
                (implicit declarations, int from pointer) is analysed.
  never-dropped flags that change meaning (-D, -include, -std, -x, a -f and an
                -m flag clang knows) reach clang.
  query-driver  --query-driver runs the matching GCC driver and adds its system
                include folders; a non-matching glob runs nothing.
Prints what failed and exits 1.
"""

import argparse
import json
import os
import re
import pathlib
import shutil
import stat
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
CHECKS = "--checks=-*,conc-*"

# Every row of the table in checker/driver/CompileCommandAdjuster.cpp, as a
# build would write it. (flag, translation or None when it is dropped).
TABLE_ROWS = [
    ("-flifetime-dse=1", None), ("-flifetime-dse", None), ("-fno-lifetime-dse", None),
    ("-fgnu-unique", None), ("-fno-gnu-unique", None),
    ("-fipa-pta", None), ("-fno-ipa-cp-clone", None), ("-fno-ipa-icf", None),
    ("-fvar-tracking", None), ("-fvar-tracking-assignments", None),
    ("-fno-var-tracking-assignments", None),
    ("-fkeep-inline-dllexport", None), ("-fno-keep-inline-dllexport", None),
    ("-fconserve-stack", None), ("-flto-partition=none", None),
    ("-fallow-store-data-races", None), ("-fno-allow-store-data-races", None),
    ("-freorder-blocks-and-partition", None), ("-fno-reorder-blocks-and-partition", None),
    ("-ftree-loop-distribute-patterns", None), ("-fno-tree-loop-distribute-patterns", None),
    ("-fpredictive-commoning", None), ("-fsched-pressure", None),
    ("-fno-toplevel-reorder", None), ("-fstack-reuse=none", None),
    ("-fno-printf-return-value", None), ("-fcallgraph-info=su", None),
    ("-fno-weak", None), ("-fnothrow-opt", None), ("-fno-enforce-eh-specs", None),
    ("-fextern-tls-init", None), ("-fno-extern-tls-init", None),
    ("-fno-implicit-inline-templates", None), ("-fno-nonansi-builtins", None),
    ("-fabi-version=11", None), ("-fdeduce-init-list", None),
    ("-fstrong-eval-order", None), ("-fstrong-eval-order=all", None),
    ("-fconcepts-diagnostics-depth=3", None), ("-fno-optional-diags", None),
    ("-fdiagnostics-format=json", None), ("-fdiagnostics-urls=never", None),
    ("-fdiagnostics-show-caret", None), ("-ftrack-macro-expansion=0", None),
    ("-fno-canonical-system-headers", None),
    ("-fanalyzer", None), ("-fanalyzer-verbosity=2", None), ("-fno-analyzer-state-merge", None),
    ("-fopt-info", None), ("-fopt-info-vec-missed", None), ("-fdump-tree-all", None),
    ("-fcompare-debug", None), ("-fcompare-debug-second", None),
    ("-fmodules-ts", None), ("-fconcepts", None), ("-fconcepts-ts", None),
    ("-fext-numeric-literals", None), ("-fno-ext-numeric-literals", None),
    ("-fplan9-extensions", None),
    ("-fmax-errors=7", "-ferror-limit=7"),
    ("-mdirect-extern-access", "-fdirect-access-external-data"),
    ("-mno-direct-extern-access", "-fno-direct-access-external-data"),
]

# Warnings made errors: the build's policy, dropped too.
WARNING_PROMOTIONS = ["-Werror", "-Werror=sign-conversion", "-pedantic-errors",
                      "-Wfatal-errors", "-Werror-implicit-function-declaration"]

PRODUCER = (HERE / "project" / "producer.cpp").read_text()
QUEUE_H = (HERE / "project" / "queue.h").read_text()


class Failure(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise Failure(what)


def run(command, cwd=None, timeout=300):
    done = subprocess.run([str(c) for c in command], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)
    print("$", " ".join(map(str, command)), f"# exit {done.returncode}")
    print(done.stdout[-4000:], done.stderr[-4000:], sep="", end="")
    return done


def write_database(root, units, compiler="/usr/bin/g++"):
    """units: {name: [flags]} -> root/src/name (a copy of producer.cpp) and
    root/build/compile_commands.json naming the compiler as a GCC build does."""
    src, build = root / "src", root / "build"
    shutil.rmtree(root, ignore_errors=True)
    src.mkdir(parents=True)
    build.mkdir()
    (src / "queue.h").write_text(QUEUE_H)
    entries = []
    for name, flags in units.items():
        (src / name).write_text(PRODUCER)
        entries.append({"directory": str(build), "file": str(src / name),
                        "arguments": [compiler, "-std=c++20", *flags, "-c",
                                      str(src / name), "-o", name + ".o"]})
    (build / "compile_commands.json").write_text(json.dumps(entries, indent=1))
    return src, build


def ci_report(args, build, src, *extra, exit_code=1):
    out = args.work / "report.json"
    done = run([args.tidy, "-p", build, CHECKS, "--root", src, "--no-progress", "-j2",
                "--format=json", "--output", out, *extra])
    expect(done.returncode == exit_code,
           f"exit {done.returncode}, expected {exit_code}")
    return json.loads(out.read_text()), done


def adjusted(report):
    return {u["file"]: u for u in report["adjustedUnits"]}


def flow_gcc_project(args):
    project, build = HERE / "gcc-project", args.work / "build"
    done = run(["cmake", "-S", project, "-B", build, "-G", "Ninja",
                "-DCMAKE_CXX_COMPILER=g++", "-DCMAKE_C_COMPILER=gcc"])
    expect(done.returncode == 0, "cmake could not configure the project with g++/gcc")
    done = run(["cmake", "--build", build])
    expect(done.returncode == 0, "GCC must build every unit (the premise of the test)")
    database = json.loads((build / "compile_commands.json").read_text())
    units = sorted(pathlib.Path(e["file"]).name for e in database)
    expect(units == ["legacy.c", "pipeline.cpp", "stats.cpp"], f"units: {units}")
    expect(all(pathlib.Path(e["command"].split()[0]).name in ("g++", "gcc", "c++", "cc")
               for e in database), "the database must name GCC's drivers")

    # The stock clang-tidy with the same checks refuses these units.
    pipeline = project / "src" / "pipeline.cpp"
    done = run([args.stock_tidy, f"--load={args.plugin}", "-p", build, CHECKS, pipeline])
    expect(done.returncode != 0 and "unknown argument" in done.stdout + done.stderr,
           "stock clang-tidy was expected to reject the GCC-only flags")

    # CI mode: every unit analysed, the finding reported, no error.
    report, done = ci_report(args, build, project / "src")
    expect(report["errors"] == [], f"no unit may fail: {report['errors']}")
    expect(report["filesAnalyzed"] == 3, "all three units analysed")
    places = [(f["file"], f["line"], f["check"]) for f in report["findings"]]
    expect(places == [("pipeline.cpp", 33, "conc-cv-wait-predicate")],
           f"exactly the conc finding: {places}")
    units = adjusted(report)
    expect(sorted(units) == ["legacy.c", "pipeline.cpp", "stats.cpp"], f"adjusted: {units}")
    for name, unit in units.items():
        for flag in ["-Werror", "-flifetime-dse=1", "-fno-gnu-unique", "-fipa-pta",
                     "-fno-var-tracking-assignments", "-fno-ipa-cp-clone"]:
            expect(flag in unit["dropped"], f"{name}: {flag} not listed as dropped: {unit}")
        expect(not any(f.startswith(("-D", "-include", "-std", "-I", "-W"))
                       and f != "-Werror" for f in unit["dropped"]),
               f"{name}: a flag that changes meaning was dropped: {unit}")
    for flag in ["-fconcepts-diagnostics-depth=3", "-fext-numeric-literals", "-fmodules-ts"]:
        expect(flag in units["pipeline.cpp"]["dropped"], f"pipeline.cpp: {flag} not dropped")
    expect("conc-tidy: note: compile commands adjusted for clang in 3 units: dropped "
           in done.stderr, "the summary note")
    expect("-fipa-pta" in done.stderr and "-Werror" in done.stderr,
           "the summary names the flags")
    expect("1 finding in 3 analysed files" in done.stderr, "summary line")

    # Text format: the same note, one line.
    done = run([args.tidy, "-p", build, CHECKS, "--root", project / "src", "--no-progress"])
    expect(done.returncode == 1, "findings: exit 1")
    expect(done.stderr.count("conc-tidy: note: compile commands adjusted for clang in 3 units")
           == 1,
           "one summary note")

    # Pass-through (clang-tidy mode): one note for the unit, the finding, exit 0.
    done = run([args.tidy, "-p", build, CHECKS, pipeline])
    expect(done.returncode == 0, "clang-tidy mode exits 0 with warnings")
    expect("pipeline.cpp:33:3: warning: 'pthread_cond_wait' on 'StageCv'" in done.stdout,
           "the finding in clang-tidy mode")
    notes = [l for l in done.stderr.splitlines() if l.startswith("conc-tidy: note:")]
    expect(len(notes) == 1 and "pipeline.cpp" in notes[0] and "-fipa-pta" in notes[0],
           f"one note for the unit: {notes}")
    expect(not re.search(r"\berror:", done.stdout + done.stderr), "no error in clang-tidy mode")


def flow_cmake_clang_tidy(args):
    """CMAKE_CXX_CLANG_TIDY=conc-tidy on the g++ project: CMake hands each
    GCC command after `--`; the build succeeds and prints the finding."""
    project, build = HERE / "gcc-project", args.work / "build"
    tidy = f"{args.tidy};--checks=-*,conc-*"
    done = run(["cmake", "-S", project, "-B", build, "-G", "Ninja",
                "-DCMAKE_CXX_COMPILER=g++", "-DCMAKE_C_COMPILER=gcc",
                f"-DCMAKE_CXX_CLANG_TIDY={tidy}", f"-DCMAKE_C_CLANG_TIDY={tidy}"])
    expect(done.returncode == 0, "cmake could not configure the project")
    done = run(["cmake", "--build", build])
    expect(done.returncode == 0, "the build with conc-tidy beside g++ must succeed")
    expect("pipeline.cpp:33:3: warning: 'pthread_cond_wait' on 'StageCv'" in done.stdout,
           "the finding is printed by the build")
    expect(not re.search(r"\berror:", done.stdout), "no error in the build")


def flow_table_rows(args):
    units = {f"row{i:02d}.cpp": [flag] for i, (flag, _) in enumerate(TABLE_ROWS)}
    names = list(units)
    for i, flag in enumerate(WARNING_PROMOTIONS):
        units[f"werror{i}.cpp"] = ["-Wall", flag]
    src, build = write_database(args.work / "rows", units)

    # Each row is needed: clang 19 itself rejects the flag, or (translated
    # rows) ignores GCC's meaning.
    def clang_accepts(flag):
        done = subprocess.run([args.clang, "-fsyntax-only", "-x", "c++", flag, "-"],
                              input="int x;\n", capture_output=True, text=True)
        return done.returncode == 0 and "unused during compilation" not in done.stderr

    for (flag, translation) in TABLE_ROWS:
        expect(not clang_accepts(flag), f"clang accepts {flag}: the table row is not needed")
        expect(translation is None or clang_accepts(translation),
               f"clang does not accept the translation {translation}")

    report, done = ci_report(args, build, src)
    expect(report["errors"] == [], f"no unit may fail: {report['errors']}")
    expect(report["filesAnalyzed"] == len(units), f"{len(units)} units analysed")
    found = {f["file"] for f in report["findings"] if f["check"] == "conc-cv-wait-predicate"}
    expect(found >= set(units), f"every unit's finding reported, missing: {set(units) - found}")
    changes = adjusted(report)
    for name, (flag, translation) in zip(names, TABLE_ROWS):
        unit = changes.get(name)
        expect(unit is not None, f"{name} ({flag}): not listed as adjusted")
        if translation:
            expect(unit["translated"] == [f"{flag} -> {translation}"] and unit["dropped"] == [],
                   f"{name}: {flag} must become {translation}: {unit}")
        else:
            expect(unit["dropped"] == [flag] and unit["translated"] == [],
                   f"{name}: exactly {flag} dropped: {unit}")
    for i, flag in enumerate(WARNING_PROMOTIONS):
        unit = changes.get(f"werror{i}.cpp")
        expect(unit and unit["dropped"] == [flag], f"{flag} dropped: {unit}")


def flow_retry(args):
    src, build = write_database(args.work / "retry", {
        "unknown.cpp": ["-fno-such-gcc-flag", "-DKEEP=1", "-mno-such-gcc-target-flag"],
        "clean.cpp": ["-DKEEP=1"]})
    report, done = ci_report(args, build, src)
    expect(report["errors"] == [], f"no unit may fail: {report['errors']}")
    expect(report["filesAnalyzed"] == 2, "both units analysed")
    changes = adjusted(report)
    expect(sorted(changes["unknown.cpp"]["dropped"]) ==
           ["-fno-such-gcc-flag", "-mno-such-gcc-target-flag"],
           f"exactly the unknown arguments dropped: {changes}")
    expect("clean.cpp" not in changes, "a unit without such flags is not listed")
    # A flag clang rejects for another reason than "unknown" is not dropped:
    # the unit is reported as not compiling, as before.
    src, build = write_database(args.work / "retry-invalid", {
        "bad-value.cpp": ["-std=c++99"]})
    report, done = ci_report(args, build, src, exit_code=2)
    expect(len(report["errors"]) == 1 and "bad-value.cpp" in report["errors"][0]["file"],
           f"an invalid value is an error: {report['errors']}")
    expect(report["adjustedUnits"] == [], "nothing dropped from it")


def flow_clang_default_errors(args):
    """Old C that GCC 12 compiles with warnings and clang 19 rejects by default
    (an implicit function declaration, int from a pointer): analysed, its
    finding reported, as GCC users see it."""
    work = args.work / "c"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    source = work / "old.c"
    source.write_text(
        "#include <pthread.h>\n"
        "static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;\n"
        "static int total;\n"
        "int add(int *p) {\n"
        "  int address = p;\n"
        "  pthread_mutex_lock(&mu);\n"
        "  if (address == 0)\n"
        "    return log_failure();\n"
        "  total += *p;\n"
        "  pthread_mutex_unlock(&mu);\n"
        "  return total;\n"
        "}\n")
    flags = ["-std=gnu11", "-Wall"]
    done = run(["gcc", *flags, "-c", source, "-o", work / "old.o"])
    expect(done.returncode == 0, "GCC compiles it (the premise)")
    done = run([args.clang, *flags, "-fsyntax-only", source])
    expect(done.returncode != 0, "clang 19 rejects it by default (the premise)")
    (work / "build").mkdir()
    (work / "build" / "compile_commands.json").write_text(json.dumps([{
        "directory": str(work), "file": str(source),
        "arguments": ["/usr/bin/gcc", *flags, "-c", str(source)]}]))
    report, done = ci_report(args, work / "build", work)
    expect(report["errors"] == [] and report["filesAnalyzed"] == 1,
           f"analysed: {report['errors']}")
    places = [(f["file"], f["line"], f["check"]) for f in report["findings"]]
    expect(places == [("old.c", 6, "conc-manual-lock")], f"the finding: {places}")


def flow_never_dropped(args):
    work = args.work / "never"
    shutil.rmtree(work, ignore_errors=True)
    (work / "inc").mkdir(parents=True)
    (work / "inc" / "config.h").write_text("#define FROM_INCLUDE_DIR 1\n")
    (work / "forced.h").write_text("#define FROM_FORCED_INCLUDE 1\n")
    source = work / "needs.cpp"
    source.write_text(
        "#include <config.h>\n"
        "#if !defined(NEEDED) || !defined(FROM_INCLUDE_DIR) || !defined(FROM_FORCED_INCLUDE)\n"
        "#error \"-D, -I or -include did not reach clang\"\n#endif\n"
        "#if __cplusplus < 202002L\n#error \"-std=c++20 did not reach clang\"\n#endif\n"
        "#ifndef __SSE4_2__\n#error \"-msse4.2 did not reach clang\"\n#endif\n"
        + PRODUCER.replace('#include "queue.h"', "#include <pthread.h>"))
    flags = ["-x", "c++", "-std=c++20", "-DNEEDED=1", "-I", str(work / "inc"),
             "-include", str(work / "forced.h"), "-msse4.2", "-ftree-vectorize",
             "-Werror", "-fipa-pta"]
    build = work / "build"
    build.mkdir()
    (build / "compile_commands.json").write_text(json.dumps([{
        "directory": str(work), "file": str(source),
        "arguments": ["/usr/bin/g++", *flags, "-c", str(source)]}]))
    report, done = ci_report(args, build, work)
    expect(report["errors"] == [], f"the unit compiles with its flags: {report['errors']}")
    expect(adjusted(report)["needs.cpp"]["dropped"] == ["-Werror", "-fipa-pta"],
           f"only the GCC-only flag and -Werror dropped: {report['adjustedUnits']}")
    # The same with the flags after `--` (no database), in both modes.
    done = run([args.tidy, CHECKS, source, "--", *flags])
    expect(done.returncode == 0 and "warning: 'pthread_cond_wait'" in done.stdout,
           "clang-tidy mode with fixed flags")
    expect("-fipa-pta" in done.stderr and "-DNEEDED" not in done.stderr.split("dropped")[-1],
           "the note names the dropped flags only")


def flow_query_driver(args):
    """A fake GCC whose system folder holds a header clang's defaults do not
    have: found only when --query-driver lets conc-tidy ask that driver."""
    work = args.work / "query"
    shutil.rmtree(work, ignore_errors=True)
    sysdir = work / "fake-gcc" / "include"
    sysdir.mkdir(parents=True)
    (sysdir / "fake_gcc_only.h").write_text("#pragma once\n#include <pthread.h>\n")
    driver = work / "fake-gcc" / "bin" / "g++"
    driver.parent.mkdir()
    driver.write_text(
        "#!/bin/sh\n"
        f"echo \"$@\" >> {work}/driver-calls.txt\n"
        "cat >&2 <<EOF\nTarget: x86_64-linux-gnu\n"
        "#include \"...\" search starts here:\n#include <...> search starts here:\n"
        f" {sysdir}\nEnd of search list.\nEOF\n")
    driver.chmod(driver.stat().st_mode | stat.S_IXUSR)
    source = work / "uses_system_header.cpp"
    source.write_text(PRODUCER.replace('#include "queue.h"', "#include <fake_gcc_only.h>"))
    build = work / "build"
    build.mkdir()
    (build / "compile_commands.json").write_text(json.dumps([{
        "directory": str(build), "file": str(source),
        "arguments": [str(driver), "-std=c++20", "-c", str(source)]}]))

    report, done = ci_report(args, build, work, exit_code=2)
    expect("fake_gcc_only.h' file not found" in report["errors"][0]["message"],
           "without --query-driver the header is not found")
    report, done = ci_report(args, build, work, "--query-driver=/nowhere/**/g++", exit_code=2)
    expect(not (work / "driver-calls.txt").exists(), "a non-matching glob runs no driver")

    report, done = ci_report(args, build, work, f"--query-driver={work}/**/bin/g++*")
    expect(report["errors"] == [] and report["filesAnalyzed"] == 1,
           f"with --query-driver the unit is analysed: {report['errors']}")
    calls = (work / "driver-calls.txt").read_text().split("\n")
    expect(calls[0].split() == ["-E", "-x", "c++", "-", "-v", "-std=c++20"] or
           calls[0].split()[:5] == ["-E", "-x", "c++", "-", "-v"],
           f"the driver asked as clangd does: {calls[0]}")
    # clang-tidy mode too; --query-driver does not select CI mode.
    done = run([args.tidy, "-p", build, CHECKS, f"--query-driver={work}/fake-gcc/bin/*",
                source])
    expect(done.returncode == 0 and "warning: 'pthread_cond_wait'" in done.stdout,
           "clang-tidy mode with --query-driver")
    expect("analysed files" not in done.stderr, "still clang-tidy mode")


FLOWS = {"gcc-project": flow_gcc_project, "cmake-clang-tidy": flow_cmake_clang_tidy,
         "table-rows": flow_table_rows,
         "retry": flow_retry, "never-dropped": flow_never_dropped,
         "clang-default-errors": flow_clang_default_errors,
         "query-driver": flow_query_driver}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy", required=True)
    parser.add_argument("--stock-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang", required=True)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    parser.add_argument("flow", choices=sorted(FLOWS))
    args = parser.parse_args()
    for tool in ("cmake", "ninja", "g++", "gcc"):
        if shutil.which(tool) is None:
            print(f"compile_command_flows: FAIL: {tool} not found "
                  "(scripts/install-deps.sh installs it)", file=sys.stderr)
            return 1
    args.work = args.work.resolve() / args.flow
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    try:
        FLOWS[args.flow](args)
    except (Failure, json.JSONDecodeError, FileNotFoundError, IndexError, KeyError) as error:
        print(f"compile_command_flows: FAIL: {args.flow}: {error}", file=sys.stderr)
        return 1
    print(f"compile_command_flows: PASS: {args.flow}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
