"""Output formats of a grade: text for a terminal, --json, Exercism's
test-runner results.json (version 3) and GitHub Classroom's autograding
result."""

import base64
import json
import os
import sys

from .catalogue import STAGE_ORDER, STAGES


def use_colour(stream):
    return stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def paint(text, code, stream=None):
    return f"\033[{code}m{text}\033[0m" if use_colour(stream or sys.stdout) else text


def grade_text(grade, verbose=False):
    """The text report of one grade, as lines."""
    kata = grade.kata
    lines = [f"{paint(kata.number, '1')} {kata.slug}: {kata.title}"]
    marks = {"pass": paint("PASS", "32"), "fail": paint("FAIL", "31"),
             "skipped": paint("SKIP", "33"), "pending": "....", "error": paint("ERR ", "31")}
    for stage in grade.stages:
        head, _, rest = stage.message.partition("\n")
        points = f"{stage.points:>2}/{stage.max_points:<2}" if stage.max_points else "  -  "
        lines.append(f"  {marks[stage.status]} {stage.name:<6} {points} {head}")
        if rest and stage.status == "fail":
            for line in rest.splitlines():
                lines.append(f"                    {line}")
        if verbose and stage.details and stage.status == "fail":
            for line in stage.details.splitlines():
                lines.append(f"                    | {line}")
    verdict = paint("all stages pass", "32") if grade.full_marks else paint("not yet", "31")
    lines.append(f"  score {grade.score}/{grade.max_score} ({verdict}) in {grade.seconds:.1f} s")
    return lines


def print_grade(grade, verbose=False):
    print("\n".join(grade_text(grade, verbose)))


def exercism_results(grade):
    """Exercism's test-runner interface, results.json version 3."""
    tests = []
    for stage in grade.stages:
        status = {"pass": "pass", "fail": "fail"}.get(stage.status)
        if status is None:
            continue
        entry = {"name": f"{stage.name}: {STAGES[stage.name][1]}", "status": status,
                 "test_code": f"conc-kata check {grade.kata.number} (stage {stage.name})",
                 "task_id": STAGE_ORDER.index(stage.name) + 1}
        if status == "fail":
            entry["message"] = stage.message
            if stage.details:
                entry["output"] = stage.details[:500]
        tests.append(entry)
    return {"version": 3, "status": "pass" if grade.full_marks else "fail", "tests": tests}


def classroom_results(grades):
    """GitHub Classroom autograding result (what autograding-grading-reporter reads)."""
    tests, max_score = [], 0
    for grade in grades:
        for stage in grade.stages:
            if stage.status == "skipped":
                continue
            max_score += stage.max_points
            tests.append({"name": f"{grade.kata.name} {stage.name}",
                          "status": "pass" if stage.status == "pass" else "fail",
                          "score": stage.points, "max_score": stage.max_points,
                          "message": stage.message,
                          "test_code": f"conc-kata check {grade.kata.number}",
                          "filename": "", "line_no": 0,
                          "execution_time": f"{stage.seconds:.2f}s"})
    status = "pass" if all(g.full_marks for g in grades) else "fail"
    return {"version": 1, "status": status, "max_score": max_score, "tests": tests}


def error_results(fmt, message):
    if fmt == "exercism":
        return {"version": 3, "status": "error", "message": message}
    if fmt == "classroom":
        return {"version": 1, "status": "error", "max_score": 0, "tests": [],
                "message": message}
    return {"error": message}


def emit(grades, args):
    fmt = args.format or ("json" if args.json else "text")
    if fmt == "text":
        for grade in grades:
            print_grade(grade, verbose=args.verbose)
    elif fmt == "json":
        data = [g.to_json() for g in grades]
        print(json.dumps(data[0] if len(data) == 1 else data, indent=2))
    elif fmt == "exercism":
        data = exercism_results(grades[0])
        out = args.output or "results.json"
        with open(out, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
        print(f"conc-kata: wrote {out} (status {data['status']})")
    elif fmt == "classroom":
        data = classroom_results(grades)
        text = json.dumps(data)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        print(text)
        github_output = os.environ.get("GITHUB_OUTPUT")
        if github_output:
            with open(github_output, "a", encoding="utf-8") as f:
                f.write("result=" + base64.b64encode(text.encode()).decode() + "\n")
