"""The commands a learner and CI run, one function each: init, list, check,
grade, prove, hint, reset, solution (watch is in watch.py)."""

import datetime
import json
import os
import shutil
import sys
import tempfile

from .catalogue import all_katas, find_kata, next_unsolved
from .errors import EXIT_NOT_PASSED, EXIT_OK, UsageError
from .formats import emit, paint
from .grader import Grader
from .listing import list_json, list_lines
from .workspace import WORKSPACE_MARK, Workspace, copy_starter


def cmd_init(config, args):
    root = os.path.abspath(args.dir or "conc-katas")
    if os.path.isfile(os.path.join(root, WORKSPACE_MARK)):
        raise UsageError(f"{root} is already a kata workspace (use `conc-kata reset NN` "
                         f"to start a kata over)")
    if os.path.exists(root) and not os.path.isdir(root):
        raise UsageError(f"{root} exists and is not a directory")
    if os.path.isdir(root) and os.listdir(root):
        raise UsageError(f"{root} is not empty: choose a new directory for the workspace")
    if os.path.realpath(root).startswith(os.path.realpath(config.katas_dir) + os.sep):
        raise UsageError("the workspace must not be inside the repository's katas/ directory")
    katas = all_katas(config)
    os.makedirs(os.path.join(root, ".conc-kata"), exist_ok=True)
    for kata in katas:
        copy_starter(kata, os.path.join(root, kata.name))
    with open(os.path.join(root, WORKSPACE_MARK), "w", encoding="utf-8") as f:
        json.dump({"version": 1, "katas_dir": config.katas_dir}, f, indent=2)
        f.write("\n")
    Workspace(root).save_progress({"version": 1, "katas": {}})
    print(f"conc-kata: {len(katas)} katas copied into {root}")
    print(f"  cd {root} && conc-kata watch     (or: conc-kata check)")
    return EXIT_OK


def cmd_list(config, args):
    workspace = Workspace.find(args.workspace or ".")
    katas = all_katas(config)
    progress = workspace.load_progress()["katas"]
    if args.json:
        print(json.dumps(list_json(katas, progress), indent=2))
        return EXIT_OK
    print("\n".join(list_lines(katas, progress)))
    return EXIT_OK


def kata_in_focus(config, workspace, name, katas):
    """The kata a command means: the one named, else the one whose folder the
    learner is in, else the next unsolved one (None once every kata passes),
    as rustlings' `hint` means the current exercise."""
    if name:
        return find_kata(config, name)
    here = os.path.realpath(os.getcwd())
    for kata in katas:
        folder = os.path.realpath(workspace.kata_dir(kata))
        if here == folder or here.startswith(folder + os.sep):
            return kata
    return next_unsolved(katas, workspace.load_progress()["katas"])


def require_focus(config, workspace, args, command):
    katas = all_katas(config)
    kata = kata_in_focus(config, workspace, args.kata, katas)
    if kata is None:
        raise UsageError(f"all {len(katas)} katas pass; name one: `conc-kata {command} 05`")
    return kata


def make_grader(config, cache, args, quiet):
    def log(stage):
        if not quiet and sys.stderr.isatty():
            sys.stderr.write(f"\r  grading: {stage}...   ")
            sys.stderr.flush()
    return Grader(config, cache, tsan_runs=args.tsan_runs, log=log)


def clear_log(quiet):
    if not quiet and sys.stderr.isatty():
        sys.stderr.write("\r\033[K")


def default_cache(config):
    return config.default_cache or os.path.join(tempfile.gettempdir(), "conc-kata-cache")


def cmd_check(config, args):
    workspace = Workspace.find(args.workspace or ".")
    katas = all_katas(config)
    if args.all:
        chosen = katas
    else:
        kata = kata_in_focus(config, workspace, args.kata, katas)
        if kata is None:
            print(f"conc-kata: all {len(katas)} katas pass. Well done.")
            return EXIT_OK
        chosen = [kata]
    quiet = bool(args.json or args.format)
    grader = make_grader(config, workspace.cache_dir(), args, quiet)
    grades = []
    for kata in chosen:
        grade = grader.grade(kata, workspace.kata_dir(kata))
        clear_log(quiet)
        workspace.record(grade)
        grades.append(grade)
    emit(grades, args)
    return EXIT_OK if all(g.full_marks for g in grades) else EXIT_NOT_PASSED


def cmd_grade(config, args):
    """Grades files outside a workspace (authors, CI): `grade NN --files DIR`."""
    kata = find_kata(config, args.kata)
    files = args.files or kata.dir
    if not os.path.isdir(files):
        raise UsageError(f"{files} is not a directory")
    quiet = bool(args.json or args.format)
    grader = make_grader(config, args.cache or default_cache(config), args, quiet)
    if args.solution:
        files = solution_files(kata, grader.cache_dir)
    try:
        grade = grader.grade(kata, files)
    finally:
        if args.solution:
            shutil.rmtree(files, ignore_errors=True)
    clear_log(quiet)
    emit([grade], args)
    return EXIT_OK if grade.full_marks else EXIT_NOT_PASSED


def solution_files(kata, cache_dir):
    """A directory with the reference solution: the files it changes, the rest
    from the starter."""
    files = tempfile.mkdtemp(prefix=f"solution-{kata.name}-", dir=cache_dir)
    for name in kata.files:
        src = os.path.join(kata.solution_dir, name)
        if not os.path.isfile(src):
            src = os.path.join(kata.dir, name)
        shutil.copyfile(src, os.path.join(files, name))
    return files


def proof_problems(kata, run, starter, solved):
    """What is wrong with one run of a proof: the starter must fail each stage
    its kata.json names, and the solution must earn full marks. A list of
    sentences; empty when the run proves the kata."""
    problems = []
    for name in kata.starter_fails:
        intended = starter.stage(name)
        if intended is None:
            problems.append(f"kata.json names starter_fails={name!r}, "
                            "which is not one of its stages")
        elif intended.status == "skipped":
            problems.append(f"run {run}: the {intended.name} stage was not graded: "
                            f"{intended.message}")
        elif intended.status != "fail":
            problems.append(f"run {run}: the starter passes its {intended.name} stage, "
                            "which it must fail")
    if not solved.full_marks:
        for stage in solved.stages:
            if stage.status != "pass":
                problems.append(f"run {run}: the solution fails {stage.name}: "
                                f"{stage.message}\n{stage.details}")
    return problems


def cmd_prove(config, args):
    """CI's proof of one kata: the starter fails for its intended reason and the
    solution earns full marks, the same way on every run."""
    kata = find_kata(config, args.kata)
    grader = Grader(config, args.cache or default_cache(config), tsan_runs=args.tsan_runs)
    solution = solution_files(kata, grader.cache_dir)
    try:
        problems = []
        for run in range(1, args.runs + 1):
            # The solution first: its passing run teaches the grader the kata's
            # idle time before a deadlocked starter needs it (time_limits.py).
            solved = grader.grade(kata, solution)
            starter = grader.grade(kata, kata.dir)
            print(f"run {run}: starter {starter.score}/{starter.max_score} "
                  f"({starter.seconds:.1f} s): " +
                  ", ".join(f"{s.name}={s.status}" for s in starter.stages))
            print(f"run {run}: solution {solved.score}/{solved.max_score} "
                  f"({solved.seconds:.1f} s): " +
                  ", ".join(f"{s.name}={s.status}" for s in solved.stages))
            if run == 1:
                for name in kata.starter_fails:
                    intended = starter.stage(name)
                    if intended is not None and intended.status == "fail":
                        print(f"  starter fails {intended.name} as intended: "
                              f"{intended.message.splitlines()[0]}")
            problems += proof_problems(kata, run, starter, solved)
    finally:
        shutil.rmtree(solution, ignore_errors=True)
    for problem in problems:
        print(f"conc-kata prove {kata.name}: FAIL: {problem}")
    if problems:
        return EXIT_NOT_PASSED
    print(f"conc-kata prove {kata.name}: OK")
    return EXIT_OK


def cmd_hint(config, args):
    workspace = Workspace.find(args.workspace or ".")
    kata = require_focus(config, workspace, args, "hint")
    return show_next_hint(workspace, kata)


def show_next_hint(workspace, kata):
    hints = kata.hints()
    progress = workspace.load_progress()
    entry = progress["katas"].setdefault(kata.name, {})
    shown = min(entry.get("hints", 0) + 1, len(hints))
    entry["hints"] = shown
    workspace.save_progress(progress)
    for i in range(shown):
        print(paint(f"Hint {i + 1} of {len(hints)}", "1") + f" ({kata.number} {kata.slug})")
        print(hints[i])
        print()
    if shown < len(hints):
        print(f"(run `conc-kata hint {kata.number}` again for the next hint)")
    else:
        print(f"(that was the last hint; `conc-kata solution {kata.number} --force` shows the "
              "reference solution)")
    return EXIT_OK


def cmd_reset(config, args):
    workspace = Workspace.find(args.workspace or ".")
    kata = find_kata(config, args.kata)
    dest = workspace.kata_dir(kata)
    if os.path.isdir(dest):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = os.path.join(workspace.root, ".conc-kata", "backup", f"{kata.name}-{stamp}")
        shutil.copytree(dest, backup)
        for name in os.listdir(dest):  # test.cpp is read-only: replace, don't write through
            path = os.path.join(dest, name)
            if os.path.isfile(path) and name in kata.files + ["README.md", "test.cpp"]:
                os.unlink(path)
        print(f"conc-kata: your previous files are saved in {backup}")
    copy_starter(kata, dest)
    print(f"conc-kata: {kata.name} is back to its starter files")
    return EXIT_OK


def cmd_solution(config, args):
    workspace = Workspace.find(args.workspace or ".")
    kata = require_focus(config, workspace, args, "solution")
    passed = workspace.load_progress()["katas"].get(kata.name, {}).get("passed")
    if not passed and not args.force:
        print(f"conc-kata: {kata.name} does not pass yet; the solution unlocks when it does "
              f"(or use --force). Try `conc-kata hint {kata.number}` first.", file=sys.stderr)
        return EXIT_NOT_PASSED
    for name in kata.files:
        path = os.path.join(kata.solution_dir, name)
        if os.path.isfile(path):
            print(paint(f"==> {kata.name}/{name} (reference solution)", "1"))
            with open(path, encoding="utf-8") as f:
                print(f.read())
    readme = os.path.join(kata.solution_dir, "NOTES.md")
    if os.path.isfile(readme):
        with open(readme, encoding="utf-8") as f:
            print(f.read())
    return EXIT_OK
