#!/usr/bin/env python3
"""Multi-step tests of conc-tidy's CI mode, one flow per ctest test.

    ci_flows.py --tidy CONC_TIDY --work DIR [--multitool SARIF_MULTITOOL] FLOW

Each flow builds its own copy of tests/checker/driver/project with a
compile_commands.json (make_database.py), runs conc-tidy on it, changes the
sources where the flow needs to, and asserts on exit codes and on the JSON or
SARIF reports. Prints what failed and exits 1.
"""

import argparse
import json
import pathlib
import shutil
import subprocess
import sys

from make_database import make_database

CHECKS = "--checks=-*,conc-*"
HEADERS = "--header-filter=.*"


class Failure(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise Failure(what)


class Flow:
    def __init__(self, tidy, work, multitool):
        self.tidy, self.work, self.multitool = tidy, pathlib.Path(work), multitool
        shutil.rmtree(self.work, ignore_errors=True)  # caches, baselines of a previous run
        self.work.mkdir(parents=True)
        self.src, self.build = make_database(self.work / "project")

    def break_database(self):
        """Adds a unit that does not parse and an entry whose file is gone."""
        self.src, self.build = make_database(self.work / "project",
                                             add=["does-not-parse.cpp"],
                                             missing=["gone.cpp"])

    def run(self, *args, exit_code=None):
        command = [self.tidy, "-p", str(self.build), CHECKS, HEADERS,
                   "--root", str(self.src), "--no-progress", *map(str, args)]
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=300)
        print("$", " ".join(command), f"# exit {done.returncode}")
        print(done.stderr, end="")
        if exit_code is not None:
            expect(done.returncode == exit_code,
                   f"exit code {done.returncode}, expected {exit_code}:\n{done.stdout}")
        return done

    def report(self, *args, exit_code=None, fmt="json"):
        out = self.work / f"report.{fmt}"
        done = self.run(f"--format={fmt}", "--output", out, *args, exit_code=exit_code)
        return json.loads(out.read_text()), done

    def edit(self, name, transform):
        # An edit that changes nothing would make the flow test nothing.
        path = self.src / name
        before = path.read_text()
        after = transform(before)
        expect(after != before, f"the edit of {name} changes it")
        path.write_text(after)


def places(report):
    return sorted((f["file"], f["line"], f["check"]) for f in report["findings"])


def fingerprints(report):
    return sorted(f["fingerprint"] for f in report["findings"])


def sarif_fingerprints(log):
    return sorted(r["partialFingerprints"]["concFingerprint/v1"]
                  for r in log["runs"][0]["results"])


def validate_sarif(flow, path):
    """Microsoft's SARIF multitool, with its SARIF and GitHub rule sets: any
    error or warning fails the test."""
    expect(flow.multitool, "no SARIF multitool given (scripts/install-deps.sh installs it)")
    verdict = flow.work / "validation.sarif"
    done = subprocess.run([flow.multitool, "validate", str(path), "-o", str(verdict),
                           "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=240)
    print(done.stdout)
    expect(done.returncode == 0 and verdict.exists(), "the SARIF multitool failed to run")
    problems = [r for run in json.loads(verdict.read_text())["runs"]
                for r in run.get("results", []) if r.get("level", "warning") in
                ("error", "warning")]
    expect(not problems, f"SARIF validation: {json.dumps(problems, indent=1)}")


BUG_IN_CONSUMER = ("int consume() { return 42; }",
                   "int consume() { return 42; }\n\n"
                   "pthread_mutex_t ConsumerMu = PTHREAD_MUTEX_INITIALIZER;\n"
                   "pthread_cond_t ConsumerCv = PTHREAD_COND_INITIALIZER;\n"
                   "void drain() {\n  pthread_mutex_lock(&ConsumerMu);\n"
                   "  pthread_cond_wait(&ConsumerCv, &ConsumerMu);\n"
                   "  pthread_mutex_unlock(&ConsumerMu);\n}\n")


def move_lines(text):
    return "// Three unrelated lines\n// moved every finding\n// down.\n" + text


def flow_dedupe(flow):
    report, done = flow.report("-j2", exit_code=1)
    expect(places(report) == [("producer.cpp", 8, "conc-cv-wait-predicate"),
                              ("queue.h", 8, "conc-cv-wait-predicate")],
           f"expected one finding in producer.cpp and the header's once: {places(report)}")
    expect(report["filesAnalyzed"] == 3, "three translation units")
    header = [f for f in report["findings"] if f["file"] == "queue.h"][0]
    expect([n["line"] for n in header["notes"]] == [7], f"the note on the if: {header}")
    expect("2 findings in 3 analysed files" in done.stderr, "summary line")


def flow_jobs(flow):
    one, _ = flow.report("-j1", exit_code=1)
    two, _ = flow.report("-j", "2", exit_code=1)
    expect(one == two, "-j1 and -j2 must give the same report")


def flow_text(flow):
    done = flow.run("-j2", exit_code=1)
    lines = done.stdout.splitlines()
    header = [l for l in lines if "queue.h:8:5: warning:" in l]
    expect(len(header) == 1, f"the header's finding once in text:\n{done.stdout}")
    expect(any(l.endswith("[conc-cv-wait-predicate]") for l in header), "check name")
    expect(any("queue.h:7:3: note:" in l for l in lines), "the note")
    expect("    pthread_cond_wait(Ready, Mu);" in lines, "the source line")


def flow_sarif(flow):
    log, _ = flow.report("-j2", exit_code=1, fmt="sarif")
    validate_sarif(flow, flow.work / "report.sarif")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    expect([r["id"] for r in rules] == ["conc-cv-wait-predicate"], f"rules: {rules}")
    expect(rules[0]["helpUri"].endswith("/docs/checks/conc-cv-wait-predicate.md"),
           "helpUri points at our docs page")
    expect("condition variable" in rules[0]["shortDescription"]["text"],
           "the description comes from the docs page")
    header = [r for r in run["results"]
              if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "queue.h"]
    expect(len(header) == 1, "the header's finding once")
    location = header[0]["locations"][0]["physicalLocation"]
    expect(location["artifactLocation"]["uriBaseId"] == "%SRCROOT%", "relative to the root")
    expect(location["region"] == {"startLine": 8, "startColumn": 5}, f"region {location}")
    related = header[0]["relatedLocations"]
    expect(len(related) == 1 and related[0]["physicalLocation"]["region"]["startLine"] == 7,
           f"the note as a related location: {related}")
    expect(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == flow.src.as_uri() + "/",
           "SRCROOT")

    # Fingerprints do not depend on line numbers.
    before = sarif_fingerprints(log)
    flow.edit("producer.cpp", move_lines)
    flow.edit("queue.h", move_lines)
    moved, _ = flow.report("-j2", exit_code=1, fmt="sarif")
    lines = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"]
                   for r in moved["runs"][0]["results"])
    expect(lines == [11, 11], f"the findings moved down: {lines}")
    expect(sarif_fingerprints(moved) == before, "partialFingerprints changed with line moves")


def flow_sarif_errors(flow):
    flow.break_database()
    log, _ = flow.report("-j2", exit_code=2, fmt="sarif")
    validate_sarif(flow, flow.work / "report.sarif")
    invocation = log["runs"][0]["invocations"][0]
    expect(invocation["executionSuccessful"] is False, "the run was not successful")
    failed = sorted(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    for n in invocation["toolExecutionNotifications"])
    expect(failed == ["does-not-parse.cpp", "does-not-parse.cpp", "gone.cpp"],
           f"one notification per error: {failed}")
    expect(len(log["runs"][0]["results"]) == 2, "the other units' findings are kept")


def flow_assembly(flow):
    """A database also lists assembly (zstd's huf_decompress_amd64.S): skip it."""
    database = flow.build / "compile_commands.json"
    entries = json.loads(database.read_text())
    for name in ("start.S", "start.s"):
        (flow.src / name).write_text(".text\n  this is { not C++ at all\n")
        entries.append({"directory": str(flow.build), "file": str(flow.src / name),
                        "arguments": ["clang", "-c", str(flow.src / name), "-o", name + ".o"]})
    database.write_text(json.dumps(entries))
    report, done = flow.report("-j2", exit_code=1)
    expect("2 findings in 3 analysed files, 2 entries skipped as not C or C++" in done.stderr,
           "the summary counts the skipped entries")
    expect(not report.get("errors"), f"assembly is not a tool error: {report.get('errors')}")
    # Named on the command line, a file is linted as asked (and fails to parse).
    flow.run(str(flow.src / "start.S"), exit_code=2)


def flow_missing_folder(flow):
    """An entry whose `directory` is gone (a moved build): clang would abort
    on it; that unit is an error with the reason, the others are analysed."""
    whole, _ = flow.report("-j2", exit_code=1)
    database = flow.build / "compile_commands.json"
    entries = json.loads(database.read_text())
    broken = pathlib.Path(entries[0]["file"])
    entries[0]["directory"] = str(flow.build / "moved-away")
    database.write_text(json.dumps(entries))
    report, done = flow.report("-j2", exit_code=2)
    reason = (f"{broken.name}: its compile command runs in '{flow.build / 'moved-away'}', "
              "which is not a folder (was the build moved or deleted?)")
    expect(f"conc-tidy: error: {reason}" in done.stderr, "the unit's error names the folder")
    expect(f"in {len(entries) - 1} analysed files, 1 error" in done.stderr,
           "the other units are analysed")
    expect([e["message"] for e in report.get("errors", [])] and
           any("not a folder" in e["message"] for e in report["errors"]),
           f"the report lists the error: {report.get('errors')}")
    others = [p for p in places(whole) if pathlib.Path(p[0]).name != broken.name]
    expect(places(report) == others, f"the other units' findings: {places(report)} != {others}")
    # Without CI flags (clang-tidy's own -p): the same message, exit 2, no abort.
    plain = subprocess.run([flow.tidy, "-p", str(flow.build), CHECKS, str(broken)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=300)
    expect(plain.returncode == 2 and "not a folder" in plain.stderr and
           "LLVM ERROR" not in plain.stderr,
           f"pass-through: exit {plain.returncode}:\n{plain.stderr}")


def flow_baseline(flow):
    baseline = flow.work / "baseline.json"
    flow.run("--write-baseline", baseline, exit_code=1)
    accepted = json.loads(baseline.read_text())
    expect(len(accepted["findings"]) == 2, f"two accepted findings: {accepted}")
    done = flow.run("--baseline", baseline, exit_code=0)
    expect("0 findings in 3 analysed files, 2 accepted by the baseline" in done.stderr,
           "summary with the baseline")
    flow.edit("producer.cpp", move_lines)
    flow.run("--baseline", baseline, exit_code=0)
    flow.edit("consumer.cpp", lambda t: t.replace(*BUG_IN_CONSUMER))
    report, _ = flow.report("--baseline", baseline, exit_code=1)
    expect(places(report) == [("consumer.cpp", 9, "conc-cv-wait-predicate")],
           f"only the new finding: {places(report)}")


def flow_shards(flow):
    whole, _ = flow.report(exit_code=1)
    for count in (2, 3):
        outputs, analysed = [], 0
        for index in range(1, count + 1):
            out = flow.work / f"shard-{index}-of-{count}.json"
            done = flow.run("--shard", f"{index}/{count}", "--format=json", "--output", out)
            expect(done.returncode in (0, 1), f"shard {index}/{count} failed")
            analysed += json.loads(out.read_text())["filesAnalyzed"]
            outputs.append(out)
        expect(analysed == 3, f"{count} shards analysed {analysed} units, not 3")
        merged = flow.work / f"merged-{count}.json"
        done = subprocess.run([flow.tidy, "--merge", "--format=json", "--output", merged,
                               *map(str, outputs)], stderr=subprocess.PIPE, text=True)
        expect(done.returncode == 1, f"merge exit {done.returncode}: {done.stderr}")
        merged_report = json.loads(merged.read_text())
        expect(places(merged_report) == places(whole) and
               fingerprints(merged_report) == fingerprints(whole),
               f"merged {count} shards != one run: {places(merged_report)}")
    # The split is stable: the same shard gets the same files every time.
    first = flow.run("--shard", "1/2", "--format=json").stdout
    again = flow.run("--shard", "1/2", "--format=json").stdout
    expect(first == again, "shard 1/2 changed between runs")


def flow_merge_sarif(flow):
    outputs = []
    for index in (1, 2):
        out = flow.work / f"shard-{index}.sarif"
        flow.run("--shard", f"{index}/2", "--format=sarif", "--output", out)
        outputs.append(out)
    merged = flow.work / "merged.sarif"
    done = subprocess.run([flow.tidy, "--merge", "--format=sarif", "--output", merged,
                           *map(str, outputs)], stderr=subprocess.PIPE, text=True)
    expect(done.returncode == 1, f"merge exit {done.returncode}: {done.stderr}")
    validate_sarif(flow, merged)
    whole, _ = flow.report(exit_code=1, fmt="sarif")
    merged_log = json.loads(merged.read_text())
    expect(sarif_fingerprints(merged_log) == sarif_fingerprints(whole), "merged SARIF")
    expect(merged_log["runs"][0]["results"] == whole["runs"][0]["results"],
           "merged results equal those of one run")


def flow_changed_since(flow):
    git = ["git", "-C", str(flow.src), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    done = flow.run("--changed-since", "HEAD", exit_code=0)
    expect("2 on unchanged lines" in done.stderr, "nothing changed: nothing reported")
    flow.edit("consumer.cpp", lambda t: t.replace(*BUG_IN_CONSUMER))
    flow.edit("producer.cpp", move_lines)  # moves the old finding, adds no bug
    report, _ = flow.report("--changed-since", "HEAD", exit_code=1)
    expect(places(report) == [("consumer.cpp", 9, "conc-cv-wait-predicate")],
           f"only the finding on a changed line: {places(report)}")
    flow.run("--changed-since", "no-such-revision", exit_code=2)


def flow_cache(flow):
    cache = flow.work / "cache"
    first, done = flow.report("--cache-dir", cache, exit_code=1)
    expect("from cache" not in done.stderr, "a cold cache has no hits")
    second, done = flow.report("--cache-dir", cache, exit_code=1)
    expect("(3 from cache)" in done.stderr, "every unit from the cache")
    expect(first == second, "a cached result equals a computed one")
    # A header counts: both units that include it are analysed again.
    flow.edit("queue.h", lambda t: t.replace("if (!*Done)", "if (!Done[0])"))
    _, done = flow.report("--cache-dir", cache, exit_code=1)
    expect("(1 from cache)" in done.stderr, "only clean.cpp from the cache")
    # So does the check configuration.
    done = flow.run("--cache-dir", cache, "--checks=-*,conc-*,bugprone-*", exit_code=1)
    expect("from cache" not in done.stderr, "other checks, other results")
    (flow.src / ".clang-tidy").write_text("Checks: '-*,bugprone-*'\n")
    done = flow.run("--cache-dir", cache, "--checks=-*,conc-*,bugprone-*", exit_code=1)
    expect("from cache" not in done.stderr, "a .clang-tidy file is part of the key")


def flow_atomic_output(flow):
    out = flow.work / "kept.json"
    out.write_text("previous report\n")
    bad = flow.work / "corrupt-baseline.json"
    bad.write_text("{ not json")
    flow.run("--format=json", "--output", out, "--baseline", bad, exit_code=2)
    expect(out.read_text() == "previous report\n", "a failed run replaced the output")
    flow.run("--format=json", "--output", out, exit_code=1)
    expect(json.loads(out.read_text())["findings"], "the new report")
    leftovers = [p.name for p in flow.work.iterdir() if ".tmp-" in p.name or ".probe-" in p.name]
    expect(not leftovers, f"temporary files left behind: {leftovers}")


FLOWS = {name[len("flow_"):].replace("_", "-"): f
         for name, f in globals().items() if name.startswith("flow_")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tidy", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--multitool")
    parser.add_argument("flow", choices=sorted(FLOWS))
    args = parser.parse_args()
    try:
        FLOWS[args.flow](Flow(args.tidy, args.work, args.multitool))
    except (Failure, subprocess.TimeoutExpired, KeyError, json.JSONDecodeError) as e:
        print(f"ci_flows: FAIL: {args.flow}: {type(e).__name__}: {e}")
        return 1
    print(f"ci_flows: PASS: {args.flow}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
