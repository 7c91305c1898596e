"""What the public-suite scorers share: running conc-tidy over a suite the way
a user would (a compilation database of the suite's units, one CI-mode run,
JSON report), and telling which function a finding or a note is in.

A suite says which functions must be reported and which must stay silent; a
finding belongs to the function whose body holds its line (universal-ctags
gives each function's first and last line and its scope, so methods of
classes and templates are named as the suites name them). A whole-program
finding (a lock order cycle across translation units) has its notes in every
unit the cycle passes through; the scorers look at the notes too.
"""

import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field


@dataclass
class Note:
    file: str          # absolute
    line: int
    message: str


@dataclass
class Finding:
    file: str          # absolute
    line: int
    col: int
    message: str
    check: str
    whole_program: bool = False
    notes: list = field(default_factory=list)

    def where(self, root=None):
        shown = self.file
        if root is not None:
            try:
                shown = str(pathlib.Path(self.file).relative_to(root))
            except ValueError:
                pass
        return f"{shown}:{self.line}:{self.col}"

    def places(self):
        """(file, line) of the finding and of each of its notes."""
        return [(self.file, self.line)] + [(n.file, n.line) for n in self.notes]


@dataclass
class Unit:
    """One entry of the compilation database the scorer writes."""
    file: pathlib.Path
    directory: pathlib.Path
    arguments: list    # the whole compile command, compiler first, file included


@dataclass
class Function:
    name: str          # as written: 'thread1_bad', 'good1'
    qualified: str     # with its scope: 'basics::Basic::thread1_bad'
    first: int
    last: int


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def require_tool(path, what):
    found = shutil.which(path)
    if not found:
        fail(f"{what} not found: {path}")
    return found


def write_compilation_database(units, folder):
    entries = [{"directory": str(u.directory), "file": str(u.file), "arguments": u.arguments}
               for u in units]
    path = pathlib.Path(folder) / "compile_commands.json"
    path.write_text(json.dumps(entries, indent=1) + "\n")
    return path


def parse_report(text, root):
    """The findings of a conc-tidy JSON report (docs/ci.md, "JSON"), with
    paths made absolute against `root` (the report's paths are relative to
    it). A report that is not conc-tidy's, or that lists units it could not
    analyse, is an error: a suite scored on half its units is no score."""
    try:
        report = json.loads(text)
    except json.JSONDecodeError as error:
        fail(f"conc-tidy's report is not JSON ({error}): {text[:200]!r}")
    if not isinstance(report, dict) or report.get("format") != "conc-tidy-report":
        fail("conc-tidy's output is not a conc-tidy JSON report")
    if report.get("errors"):
        first = report["errors"][0]
        fail(f"conc-tidy could not analyse {len(report['errors'])} unit(s), "
             f"first {first.get('file')}: {first.get('message')}")
    base = pathlib.Path(root)

    def absolute(path):
        return str((base / path).resolve()) if not pathlib.Path(path).is_absolute() else path

    findings = []
    for raw in report.get("findings", []):
        notes = [Note(absolute(n["file"]), int(n["line"]), n["message"]) for n in raw.get("notes", [])]
        findings.append(Finding(absolute(raw["file"]), int(raw["line"]), int(raw.get("column", 0)),
                                raw["message"], raw["check"], bool(raw.get("wholeProgram")), notes))
    return report, findings


def run_ci_mode(conc_tidy, units, root, checks, config=None, jobs=2, timeout=600):
    """One CI-mode run of conc-tidy over `units` (a compilation database the
    scorer writes into a temporary folder); returns the findings, whole-program
    ones included. A crash, a timeout or a unit that does not compile is an
    error of the scorer, never a silent zero."""
    with tempfile.TemporaryDirectory(prefix="conc-suite-") as folder:
        write_compilation_database(units, folder)
        command = [conc_tidy, "-p", folder, "--format=json", f"--root={root}",
                   f"--checks={checks}", f"-j{jobs}", f"--timeout={timeout}", "--no-progress"]
        if config:
            command.append(f"--config={config}")
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout * 2)
        except subprocess.TimeoutExpired:
            fail(f"conc-tidy took more than {timeout * 2} s over the suite")
    if result.returncode not in (0, 1):
        fail(f"conc-tidy failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    report, findings = parse_report(result.stdout, root)
    if report.get("filesAnalyzed") != len(units):
        fail(f"conc-tidy analysed {report.get('filesAnalyzed')} of the suite's {len(units)} units")
    return findings


class FunctionIndex:
    """Which function of a source file holds a line, for every file a finding
    or a note names (read with ctags once per file)."""

    def __init__(self, ctags):
        self.ctags = ctags
        self.by_file = {}

    def functions(self, path):
        path = str(pathlib.Path(path).resolve())
        if path not in self.by_file:
            self.by_file[path] = functions_of(self.ctags, path) if pathlib.Path(path).is_file() else []
        return self.by_file[path]

    def owner(self, path, line):
        return function_at(self.functions(path), line)


def functions_of(ctags, source):
    """The functions (and methods) defined in one file, with their lines."""
    command = [ctags, "--output-format=json", "--fields=+neZ", "--kinds-c++=+f",
               "--kinds-c=+f", "-f", "-", source]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"ctags failed on {source}: {result.stderr.strip()}")
    functions = []
    for line in result.stdout.splitlines():
        tag = json.loads(line)
        if tag.get("kind") != "function" or "end" not in tag:
            continue
        scope = tag.get("scope")
        qualified = f"{scope}::{tag['name']}" if scope else tag["name"]
        functions.append(Function(tag["name"], qualified, tag["line"], tag["end"]))
    return functions


def function_at(functions, line):
    """The innermost function whose lines hold `line` (a lambda's or a local
    class's method is inside its enclosing function)."""
    holding = [f for f in functions if f.first <= line <= f.last]
    return min(holding, key=lambda f: f.last - f.first, default=None)


def ratio(part, whole):
    return part / whole if whole else 1.0


def print_score(name, found, expected, true_reports, reports, goals):
    recall = ratio(found, expected)
    precision = ratio(true_reports, reports)
    print(f"{name}: recall {found}/{expected} = {recall:.2f}, "
          f"precision {true_reports}/{reports} = {precision:.2f} "
          f"(goals: recall >= {goals[0]}, precision >= {goals[1]})")
    return recall >= goals[0] and precision >= goals[1]
