"""What the public-suite scorers share: running conc-tidy on one file, reading
its diagnostics, and telling which function of the file a line belongs to.

A suite says which functions must be reported and which must stay silent; a
diagnostic belongs to the function whose body holds its line (universal-ctags
gives each function's first and last line and its scope, so methods of
classes and templates are named as the suites name them).
"""

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

DIAGNOSTIC = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>warning|error|note): "
    r"(?P<message>.*?)(?: \[(?P<check>[\w.,-]+)\])?$")


@dataclass
class Note:
    file: str
    line: int
    message: str


@dataclass
class Finding:
    file: str
    line: int
    col: int
    severity: str
    message: str
    check: str
    notes: list = field(default_factory=list)

    def where(self):
        return f"{self.file}:{self.line}:{self.col}"


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


def run_conc_tidy(conc_tidy, source, checks, config, compile_args, timeout=300):
    """Runs conc-tidy on one file; returns its findings (warnings and errors,
    each with the notes that follow it). A crash, a timeout, or a unit clang
    could not compile is an error of the scorer, never a silent zero."""
    command = [conc_tidy, f"--checks={checks}", source]
    if config:
        command.insert(2, f"--config={config}")
    command += ["--"] + compile_args
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail(f"conc-tidy took more than {timeout} s on {source}")
    findings = []
    for line in result.stdout.splitlines():
        match = DIAGNOSTIC.match(line)
        if not match:
            continue
        if match["severity"] == "note":
            if findings:
                findings[-1].notes.append(Note(match["file"], int(match["line"]), match["message"]))
            continue
        findings.append(Finding(match["file"], int(match["line"]), int(match["col"]),
                                match["severity"], match["message"], match["check"] or ""))
    errors = [f for f in findings if f.severity == "error"]
    if errors or result.returncode not in (0, 1):
        detail = errors[0].where() + ": " + errors[0].message if errors else result.stderr.strip()[-2000:]
        fail(f"conc-tidy could not analyse {source} (exit {result.returncode}): {detail}")
    return findings


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
    if not functions:
        fail(f"no function found in {source}: is it a source file of the suite?")
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
