#!/usr/bin/env python3
"""A learner's session with conc-kata, end to end, on kata 01.

    workflow_test.py --conc-kata build/bin/conc-kata --work DIR

init, list, hint (one more each time), solution (locked, then --force),
check --json / --format=exercism / --format=classroom on a solved kata,
reset (with a backup), watch (keys from a pipe), and the repository's own
files untouched throughout.
"""
import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys

failures = []


def run(args, cwd=None, stdin=None, env=None, timeout=240):
    result = subprocess.run([ARGS.conc_kata, *args], cwd=cwd, input=stdin, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            timeout=timeout)
    return result.returncode, result.stdout, result.stderr


def expect(condition, what, detail=""):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)
        if detail:
            print("     " + detail.replace("\n", "\n     ")[:3000])


def tree_digest(path):
    digest = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(path)):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            digest.update(full.encode())
            with open(full, "rb") as f:
                digest.update(f.read())
    return digest.hexdigest()


def main():
    shutil.rmtree(ARGS.work, ignore_errors=True)
    os.makedirs(ARGS.work)
    ws = os.path.join(ARGS.work, "ws")

    code, out, err = run(["init", ws])
    expect(code == 0, "init creates a workspace", out + err)
    with open(os.path.join(ws, ".conc-kata", "workspace.json")) as f:
        katas_dir = json.load(f)["katas_dir"]
    repo_before = tree_digest(katas_dir)
    kata = os.path.join(ws, "01-stop-the-ticker")
    expect(os.path.isfile(os.path.join(kata, "ticker.cpp")), "init copies the starter files")
    expect(os.path.isfile(os.path.join(kata, "README.md")), "init copies the README")
    expect(os.stat(os.path.join(kata, "test.cpp")).st_mode & 0o222 == 0, "test.cpp is read-only")

    code, out, err = run(["init", ws])
    expect(code == 2 and "already a kata workspace" in err, "a second init is refused", err)

    code, out, err = run(["list"], cwd=ws)
    expect(code == 0 and "Progress [" in out and " 0/" in out and "<- next" in out,
           "list shows an empty progress bar", out + err)

    code, out, err = run(["hint", "01"], cwd=kata)  # from inside a kata folder
    expect(code == 0 and "Hint 1 of 3" in out and "Hint 2 of 3" not in out, "first hint only", out + err)
    code, out, err = run(["hint", "1"], cwd=ws)
    expect(code == 0 and "Hint 2 of 3" in out and "Hint 3 of 3" not in out, "second hint", out + err)
    progress = json.load(open(os.path.join(ws, ".conc-kata", "progress.json")))
    expect(progress["katas"]["01-stop-the-ticker"]["hints"] == 2, "hints are kept in the workspace")

    # Without a kata, hint means this folder's kata, else the next unsolved one.
    second = os.path.join(ws, "02-racy-counter")
    code, out, err = run(["hint"], cwd=os.path.join(second))
    expect(code == 0 and "Hint 1 of 3 (02 racy-counter)" in out,
           "hint in a kata's folder is that kata's hint", out + err)
    code, out, err = run(["hint"], cwd=ws)
    expect(code == 0 and "Hint 3 of 3 (01 stop-the-ticker)" in out,
           "hint at the workspace root is the next unsolved kata's", out + err)

    code, out, err = run(["solution", "01"], cwd=ws)
    expect(code == 1 and "does not pass yet" in err, "the solution is locked", out + err)
    code, out, err = run(["solution", "01", "--force"], cwd=ws)
    expect(code == 0 and "reference solution" in out and "std::jthread" in out,
           "solution --force shows it", out + err)

    # The learner fixes the kata (with the reference solution) and scribbles on test.cpp.
    for name in ("ticker.h", "ticker.cpp"):
        shutil.copyfile(os.path.join(katas_dir, "solutions", "01-stop-the-ticker", name),
                        os.path.join(kata, name))
    os.chmod(os.path.join(kata, "test.cpp"), 0o644)
    with open(os.path.join(kata, "test.cpp"), "w") as f:
        f.write("#error the learner's copy of the tests is never compiled\n")

    code, out, err = run(["check", "01", "--json", "--tsan-runs", "2"], cwd=ws)
    try:
        data = json.loads(out)
    except ValueError:
        data = {}
    expect(code == 0 and data.get("passed") is True and data.get("score") == data.get("max_score"),
           "check --json: the solved kata earns full marks", out + err)
    expect([s.get("name") for s in data.get("stages", [])][:4] == ["build", "tests", "probe", "tsan"],
           "check --json lists the stages", out)

    results = os.path.join(ARGS.work, "results.json")
    code, out, err = run(["check", "01", "--format=exercism", "--output", results, "--tsan-runs", "1"], cwd=ws)
    ex = json.load(open(results)) if os.path.exists(results) else {}
    expect(code == 0 and ex.get("version") == 3 and ex.get("status") == "pass" and ex.get("tests"),
           "--format=exercism writes results.json v3", json.dumps(ex) + err)

    gh_output = os.path.join(ARGS.work, "github_output")
    env = dict(os.environ, GITHUB_OUTPUT=gh_output)
    code, out, err = run(["check", "01", "--format=classroom", "--tsan-runs", "1"], cwd=ws, env=env)
    classroom = json.loads(out) if out.strip().startswith("{") else {}
    line = open(gh_output).read().strip() if os.path.exists(gh_output) else ""
    decoded = json.loads(base64.b64decode(line[len("result="):])) if line.startswith("result=") else {}
    expect(code == 0 and classroom.get("status") == "pass" and classroom.get("max_score", 0) > 0
           and all(t["score"] == t["max_score"] for t in classroom.get("tests", [])),
           "--format=classroom prints the autograding result", out + err)
    expect(decoded == classroom, "--format=classroom writes result=<base64> to $GITHUB_OUTPUT", line)

    code, out, err = run(["list"], cwd=ws)
    expect(code == 0 and " 1/" in out and "done" in out, "list counts the solved kata", out)

    code, out, err = run(["reset", "01"], cwd=ws)
    expect(code == 0 and "saved in" in out, "reset backs up the learner's files", out + err)
    with open(os.path.join(kata, "ticker.cpp")) as f, \
            open(os.path.join(katas_dir, "01-stop-the-ticker", "ticker.cpp")) as g:
        expect(f.read() == g.read(), "reset restores the starter")
    backups = os.listdir(os.path.join(ws, ".conc-kata", "backup"))
    expect(len(backups) == 1 and "jthread" in open(os.path.join(
        ws, ".conc-kata", "backup", backups[0], "ticker.h")).read(), "the backup holds the fix")

    # watch: keys come from a pipe (h = hint, q = quit); it grades once first.
    code, out, err = run(["watch", "01", "--tsan-runs", "1"], cwd=ws, stdin="h\nq\n")
    expect(code == 0 and "watching 01-stop-the-ticker/" in out and "Hint 1 of 3" in out
           and "FAIL probe" in out, "watch grades, shows a hint on h and quits on q", out + err)

    code, out, err = run(["check", "99"], cwd=ws)
    expect(code == 2 and "unknown kata '99'" in err, "check of an unknown kata", err)

    expect(tree_digest(katas_dir) == repo_before, "the repository's katas/ are untouched")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--conc-kata", required=True)
    parser.add_argument("--work", required=True)
    ARGS = parser.parse_args()
    ARGS.conc_kata = os.path.abspath(ARGS.conc_kata)
    sys.exit(main())
