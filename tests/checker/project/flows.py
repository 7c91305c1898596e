#!/usr/bin/env python3
"""Multi-step tests of the whole-program side of conc-tidy's CI mode, one
flow per ctest test, on a copy of the cross-file-abba scenario.

    flows.py --tidy CONC_TIDY --work DIR [--multitool SARIF_MULTITOOL] FLOW

Prints what failed and exits 1.
"""

import argparse
import json
import pathlib
import shutil
import subprocess
import sys

from run_project import Failure, lines_of, write_database

HERE = pathlib.Path(__file__).resolve().parent
CYCLE = "lock order cycle 'index_mu' -> 'journal_mu' -> 'index_mu' across files"
# journal.cpp of consistent-order: replay_journal() no longer holds
# journal_mu while it calls index_put().
FIXED_JOURNAL = (HERE / "consistent-order" / "journal.cpp").read_text()


def expect(condition, what):
    if not condition:
        raise Failure(what)


class Flow:
    def __init__(self, tidy, work, multitool):
        self.tidy, self.work, self.multitool = tidy, pathlib.Path(work), multitool
        shutil.rmtree(self.work, ignore_errors=True)
        self.src, self.build = self.work / "src", self.work / "build"
        shutil.copytree(HERE / "cross-file-abba", self.src)
        (self.src / "expected.txt").unlink()
        write_database(self.src, self.build)

    def run(self, *args, exit_code=None, project=True):
        command = [self.tidy, *(["-p", str(self.build), "--checks=-*,conc-*",
                                 "--root", str(self.src), "--no-progress"]
                                if project else []), *map(str, args)]
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=300)
        print("$", " ".join(command), f"# exit {done.returncode}")
        print(done.stderr, end="")
        if exit_code is not None:
            expect(done.returncode == exit_code,
                   f"exit code {done.returncode}, expected {exit_code}:\n"
                   f"{done.stdout}{done.stderr}")
        return done

    def report(self, *args, exit_code=None, fmt="json"):
        out = self.work / f"report.{fmt}"
        done = self.run(f"--format={fmt}", "--output", out, *args, exit_code=exit_code)
        return json.loads(out.read_text()), done


def cycles(report):
    return [f for f in report["findings"] if CYCLE in f["message"]]


def flow_cache(flow):
    """Facts come from the cache with the findings; the merged findings are
    computed again whenever any unit's facts change."""
    cache = flow.work / "cache"
    first, done = flow.report("--cache-dir", cache, exit_code=1)
    expect(len(cycles(first)) == 1, "the cold run finds the cycle")
    second, done = flow.report("--cache-dir", cache, exit_code=1)
    expect("(2 from cache)" in done.stderr, "both units from the cache")
    expect(first == second, "a cached run reports what a computed one does")
    (flow.src / "journal.cpp").write_text(FIXED_JOURNAL)
    fixed, done = flow.report("--cache-dir", cache, exit_code=0)
    expect("(1 from cache)" in done.stderr, "index.cpp from the cache")
    expect(not cycles(fixed), "the fix in journal.cpp ends the cycle")
    shutil.copy(HERE / "cross-file-abba" / "journal.cpp", flow.src / "journal.cpp")
    again, done = flow.report("--cache-dir", cache, exit_code=1)
    expect("(2 from cache)" in done.stderr, "the old journal.cpp is in the cache")
    expect(again == first, "the cycle is back, from cached facts only")


def flow_cache_without_facts(flow):
    """A cache entry without facts (an older conc-tidy) is a miss."""
    cache = flow.work / "cache"
    flow.report("--cache-dir", cache, exit_code=1)
    for facts in cache.glob("*.facts"):
        facts.unlink()
    report, done = flow.report("--cache-dir", cache, exit_code=1)
    expect("from cache" not in done.stderr, "entries without facts are misses")
    expect(len(cycles(report)) == 1, "and the cycle is found")


def flow_sarif(flow):
    """The cycle's path across files as a codeFlow; valid SARIF."""
    log, _ = flow.report(fmt="sarif", exit_code=1)
    results = [r for r in log["runs"][0]["results"]
               if CYCLE in r["message"]["text"]]
    expect(len(results) == 1, "one cycle result")
    flows = results[0].get("codeFlows", [])
    expect(len(flows) == 1 and len(flows[0]["threadFlows"]) == 1, "one codeFlow")
    steps = flows[0]["threadFlows"][0]["locations"]
    files = [s["location"]["physicalLocation"]["artifactLocation"]["uri"]
             for s in steps]
    expect(files == ["index.cpp", "index.cpp", "journal.cpp", "journal.cpp",
                     "journal.cpp", "index.cpp"], f"the path's files: {files}")
    expect("concFacts" not in log["runs"][0]["properties"],
           "a whole run's SARIF carries no facts")
    sharded, _ = flow.report("--shard=1/1", fmt="sarif", exit_code=1)
    expect(len(sharded["runs"][0]["properties"].get("concFacts", [])) == 2,
           "a shard's SARIF carries its facts")
    expect(flow.multitool, "no SARIF multitool given (scripts/install-deps.sh installs it)")
    verdict = flow.work / "validation.sarif"
    done = subprocess.run([flow.multitool, "validate", str(flow.work / "report.sarif"),
                           "-o", str(verdict), "--log", "ForceOverwrite",
                           "--rule-kind", "Sarif;Gh"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=240)
    expect(done.returncode == 0 and verdict.exists(), "the SARIF multitool failed to run")
    problems = [r for run in json.loads(verdict.read_text())["runs"]
                for r in run.get("results", []) if r.get("level", "warning") in
                ("error", "warning")]
    expect(not problems, f"SARIF validation: {json.dumps(problems, indent=1)}")


def flow_fingerprints(flow):
    """A cross-file finding keeps its fingerprint when other files change
    and when its lines move; it changes when a line of its path does."""
    def fingerprint():
        report, _ = flow.report(exit_code=1)
        found = cycles(report)
        expect(len(found) == 1, "one cycle")
        return found[0]["fingerprint"]
    before = fingerprint()
    (flow.src / "unrelated.cpp").write_text("int unrelated() { return 1; }\n")
    shutil.rmtree(flow.build)
    write_database(flow.src, flow.build)
    expect(fingerprint() == before, "a new unrelated file changed the fingerprint")
    journal = flow.src / "journal.cpp"
    journal.write_text("// moved down\n\n" + journal.read_text())
    expect(fingerprint() == before, "moving the path's lines changed it")
    journal.write_text(journal.read_text().replace("index_put(entry);",
                                                   "index_put(entry + \"!\");"))
    expect(fingerprint() != before, "a changed line of the path kept it")


def flow_lock_graph(flow):
    dot = flow.work / "locks.dot"
    flow.run(f"--lock-graph={dot}", exit_code=1)
    text = dot.read_text()
    for line in ['"index_mu" -> "journal_mu" [label="index.cpp:16", color=red',
                 '"journal_mu" -> "index_mu" [label="journal.cpp:16", color=red']:
        expect(line in text, f"no '{line}' in\n{text}")
    svg = flow.work / "locks.svg"
    flow.run("--lock-graph", svg, exit_code=1)
    expect("<svg" in svg.read_text(), "an SVG from Graphviz's dot")
    done = flow.run("--lock-graph=locks.png", exit_code=2)
    expect("--lock-graph expects a file name ending in .dot or .svg" in done.stderr,
           "a clear message for another format")
    (flow.src / "journal.cpp").write_text(FIXED_JOURNAL)
    flow.run(f"--lock-graph={dot}", exit_code=0)
    expect("color=red" not in dot.read_text(), "no cycle, nothing red")


def flow_pass_through(flow):
    """Without CI flags conc-tidy is clang-tidy: per unit, nothing new."""
    done = flow.run(flow.src / "index.cpp", "--checks=-*,conc-*", "--", "-std=c++20",
                    project=False, exit_code=0)
    expect("across files" not in done.stdout + done.stderr, "a whole-program finding")
    done = flow.run("--list-checks", "--checks=*", project=False, exit_code=0)
    expect("internal-conc-facts" not in done.stdout, "the facts collector is listed")


def flow_merge_bad_facts(flow):
    """Malformed facts in a report to merge: a clear error, exit 2."""
    report, _ = flow.report("--shard=1/1", exit_code=1)
    report["facts"][0] = "conc-facts 1\nF\tonly-an-id\n"
    bad = flow.work / "bad.json"
    bad.write_text(json.dumps(report))
    done = flow.run("--merge", bad, project=False, exit_code=2)
    expect(f"cannot merge '{bad}': malformed facts, line 2: F needs id, name and place"
           in done.stderr, "the message names the report and the line")


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
    except (Failure, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
        print(f"flows: FAIL: {args.flow}: {e}")
        return 1
    print(f"flows: ok: {args.flow}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
