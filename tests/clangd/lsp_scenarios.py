#!/usr/bin/env python3
"""conc-clangd in a real language-server session, one scenario per run.

    lsp_scenarios.py --clangd BIN --work DIR [--tidy CONC_TIDY] SCENARIO

Each scenario copies a fixture from fixtures/ into a fresh project folder
(compile_flags.txt, .clang-tidy), starts the server over stdio, and drives
it as an editor does: initialize, initialized, didOpen, didChange,
codeAction. It waits for the publishDiagnostics of the very document version
it sent (bounded by --timeout, never by sleeping) and asserts what the user
would see. Exit 0 when every assertion holds, 1 with the reasons otherwise.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from lsp import LanguageServer, LspError, apply_text_edits, file_uri

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONC_ONLY = "Checks: '-*,conc-*'\n"


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def line_of(text, needle):
    """0-based line of the only line containing needle."""
    lines = [i for i, line in enumerate(text.splitlines()) if needle in line]
    if len(lines) != 1:
        raise Failure(f"fixture: {needle!r} is on {len(lines)} lines, expected exactly one")
    return lines[0]


def conc(diagnostics):
    return [d for d in diagnostics if str(d.get("code", "")).startswith("conc-")]


def describe(diagnostics):
    return "\n".join(f"  {d['range']['start']['line'] + 1}:{d['range']['start']['character'] + 1} "
                     f"[{d.get('code')}] {d['message']}" for d in diagnostics) or "  (none)"


def find(diagnostics, code, line):
    found = [d for d in diagnostics if d.get("code") == code and d["range"]["start"]["line"] == line]
    expect(len(found) == 1, f"expected one {code} on line {line + 1}, got:\n{describe(diagnostics)}")
    return found[0]


class Session:
    """A project folder and a conc-clangd serving it."""

    def __init__(self, args, name, fixture, tidy_config=CONC_ONLY, subdir=None,
                 flags=("-std=c++20",), server_args=()):
        self.args = args
        self.root = Path(args.work).resolve() / name
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        self.flags = list(flags)
        (self.root / "compile_flags.txt").write_text("".join(f + "\n" for f in flags))
        if tidy_config is not None:
            (self.root / ".clang-tidy").write_text(tidy_config)
        folder = self.root / subdir if subdir else self.root
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / Path(fixture).name
        self.text = (FIXTURES / fixture).read_text()
        self.path.write_text(self.text)
        # No user configuration (~/.config/clangd) may change the outcome.
        env = dict(os.environ, XDG_CONFIG_HOME=str(self.root / "xdg-config"))
        env.pop("CLANGD_FLAGS", None)
        self.server = LanguageServer(
            [args.clangd, "--background-index=false", "--log=info", *server_args],
            cwd=self.root, stderr_path=self.root.parent / f"{name}.clangd.log", env=env)
        self.version = 1

    def __enter__(self):
        self.server.initialize(self.root, self.args.timeout)
        return self

    def __exit__(self, *exc):
        try:
            code = self.server.shutdown(self.args.timeout)
        except LspError:
            if exc[0] is None:
                raise
            return False  # the scenario's own failure is the one to report
        if exc[0] is None:
            expect(code == 0, f"conc-clangd exited with {code} after shutdown/exit")
        return False

    def open(self):
        language = "c" if self.path.suffix == ".c" else "cpp"
        self.server.open(self.path, self.text, self.version, language)
        return self.server.diagnostics(self.path, self.version, self.args.timeout)

    def change(self, text):
        self.version += 1
        self.text = text
        self.server.change(self.path, text, self.version)
        return self.server.diagnostics(self.path, self.version, self.args.timeout)


# --- scenarios -------------------------------------------------------------------

def scenario_open(args):
    """Both conc findings on open, under clangd's default FastCheckFilter, with
    the note as related information (a location the editor links to)."""
    with Session(args, "open", "detach-and-wait.cpp") as s:
        diagnostics = s.open()
        found = conc(diagnostics)
        expect(len(found) == 2, f"expected exactly two conc findings, got:\n{describe(diagnostics)}")
        detach = find(found, "conc-leaked-thread", line_of(s.text, "t.detach();"))
        wait = find(found, "conc-cv-wait-predicate", line_of(s.text, "cv.wait(lock);"))
        for d in (detach, wait):
            expect(d.get("source") == "clang-tidy", f"source is {d.get('source')!r}, not clang-tidy")
            expect(d.get("severity") == 2, f"{d['code']}: severity {d.get('severity')}, not warning (2)")
        expect("is detached: nothing owns it" in detach["message"], detach["message"])
        expect("without a predicate goes on after a spurious wake-up" in wait["message"],
               wait["message"])
        related = wait.get("relatedInformation", [])
        expect(len(related) == 1, f"expected one related location on the wait, got {related}")
        note = related[0]
        expect(note["location"]["uri"] == file_uri(s.path), f"note is in {note['location']['uri']}")
        expect(note["location"]["range"]["start"]["line"] == line_of(s.text, "if (!ready)"),
               f"note on line {note['location']['range']['start']['line'] + 1}, not on the if")
        # clangd capitalizes the first letter of every message it shows.
        expect(note["message"].startswith("The condition is tested once here, not again"),
               note["message"])
        # With related information, the note is not repeated in the message.
        expect("note:" not in wait["message"], f"note folded into the message: {wait['message']}")
        # The check's name links to conc's page for it, not to clang.llvm.org.
        for d in (detach, wait):
            href = d.get("codeDescription", {}).get("href")
            expect(href == f"{args.docs_url}/checks/{d['code']}.md",
                   f"{d['code']} links to {href!r}, not to its page under {args.docs_url}")


def scenario_change(args):
    """A didChange that fixes the wait removes that finding, keeps the other."""
    with Session(args, "change", "detach-and-wait.cpp") as s:
        expect(len(conc(s.open())) == 2, "expected two conc findings on open")
        fixed = s.text.replace("cv.wait(lock);", "cv.wait(lock, [] { return ready; });")
        expect(fixed != s.text, "fixture: no cv.wait(lock); to fix")
        diagnostics = s.change(fixed)
        found = conc(diagnostics)
        expect([d["code"] for d in found] == ["conc-leaked-thread"],
               f"after the fix, expected only conc-leaked-thread, got:\n{describe(diagnostics)}")
        find(found, "conc-leaked-thread", line_of(s.text, "t.detach();"))


def quick_fix(s, diagnostic):
    """The one quick fix clangd offers for diagnostic, and its edits."""
    actions = s.server.code_actions(s.path, diagnostic, s.args.timeout)
    fixes = [a for a in actions or [] if a.get("kind") == "quickfix" and "edit" in a
             and a.get("diagnostics", [{}])[0].get("code") == diagnostic["code"]]
    expect(len(fixes) == 1, f"expected one quick fix for {diagnostic['code']}, got {actions}")
    edit = fixes[0]["edit"]
    changes = edit.get("changes", {})
    expect(list(changes) == [file_uri(s.path)], f"the fix edits {list(changes)}, not the file")
    return fixes[0], changes[file_uri(s.path)]


def scenario_code_action(args):
    """Each fix-it is a quickfix code action; applying it removes the finding
    and leaves code that compiles."""
    with Session(args, "code-action", "fixits.cpp") as s:
        diagnostics = s.open()
        thread = find(conc(diagnostics), "conc-unjoined-thread",
                      line_of(s.text, "std::thread worker(work);"))
        action, edits = quick_fix(s, thread)
        expect("jthread" in action["title"], f"title {action['title']!r} does not name std::jthread")
        diagnostics = s.change(apply_text_edits(s.text, edits))
        expect("  std::jthread worker(work);\n" in s.text, f"not rewritten to std::jthread:\n{s.text}")
        expect(not [d for d in conc(diagnostics) if d["code"] == "conc-unjoined-thread"],
               f"conc-unjoined-thread still reported:\n{describe(diagnostics)}")

        lock = find(conc(diagnostics), "conc-manual-lock", line_of(s.text, "mu_.lock();"))
        action, edits = quick_fix(s, lock)
        diagnostics = s.change(apply_text_edits(s.text, edits))
        expect("    std::lock_guard guard(mu_);\n" in s.text, f"not rewritten to a guard:\n{s.text}")
        expect("mu_.unlock();" not in s.text, f"the unlock() is still there:\n{s.text}")
        expect(not conc(diagnostics), f"conc findings left after both fixes:\n{describe(diagnostics)}")
        errors = [d for d in diagnostics if d.get("severity") == 1]
        expect(not errors, f"the fixed code does not compile:\n{describe(errors)}")


def scenario_tidy_disables(args):
    """A .clang-tidy that disables conc-* (here below a parent that enables
    them) silences them; the upstream check it keeps still reports."""
    parent = "Checks: '-*,conc-*,bugprone-integer-division'\n"
    with Session(args, "tidy-disables", "tidy-disables-conc.cpp", tidy_config=parent,
                 subdir="legacy") as s:
        (s.path.parent / ".clang-tidy").write_text("InheritParentConfig: true\nChecks: '-conc-*'\n")
        diagnostics = s.open()
        expect(not conc(diagnostics), f"conc findings despite -conc-*:\n{describe(diagnostics)}")
        upstream = find(diagnostics, "bugprone-integer-division", line_of(s.text, "return n / 2;"))
        # An upstream check keeps clangd's link to its clang.llvm.org page.
        href = upstream.get("codeDescription", {}).get("href", "")
        expect(href.startswith("https://clang.llvm.org/extra/clang-tidy/checks/bugprone/"),
               f"bugprone-integer-division links to {href!r}")


def scenario_syntax_error(args):
    """A file with a syntax error still gets the conc findings elsewhere."""
    with Session(args, "syntax-error", "syntax-error.cpp") as s:
        diagnostics = s.open()
        errors = [d for d in diagnostics if d.get("severity") == 1]
        expect(any(d["range"]["start"]["line"] == line_of(s.text, "int total = n +;") for d in errors),
               f"no error on the broken line:\n{describe(diagnostics)}")
        found = conc(diagnostics)
        find(found, "conc-leaked-thread", line_of(s.text, "t.detach();"))
        find(found, "conc-cv-wait-predicate", line_of(s.text, "cv.wait(lock);"))
        expect(len(found) == 2, f"expected exactly two conc findings:\n{describe(diagnostics)}")


# The parity fixtures: a file, its header, its flags, and what the editor
# cannot show by design of clangd (docs/editors.md, "What the editor
# misses"): a finding conc-tidy places in a header, shown by conc-tidy
# because one of its notes is in the file. In parity/: the lock-order cycle
# whose first order is taken inside the inline helper transfer().
PARITY = {
    "same-as-conc-tidy": {
        "file": "parity/main.cpp", "header": "parity/service.h", "flags": ["-std=c++20"],
        "misses": {("service.h", "conc-lock-order")},
        # The findings that need a body from the header.
        "needs_header": ["runs a loop that never ends", "may still be joinable",
                         "lock order cycle 'Ledger::x'"],
    },
    "same-as-conc-tidy-c": {
        "file": "parity-c/main.c", "header": "parity-c/worker.h", "flags": ["-std=c11"],
        "misses": set(),
        "needs_header": ["runs a loop that never ends", "may be neither joined nor detached"],
    },
}

TIDY_LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
                       r"(?P<kind>warning|note): (?P<text>.*?)(?: \[(?P<check>[\w-]+)\])?$")


def conc_tidy_findings(tidy, path, flags):
    """conc-tidy's findings for path: [(file, line, col, check, text, notes)]."""
    result = subprocess.run([tidy, "--checks=-*,conc-*", str(path), "--"] + flags,
                            cwd=path.parent, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise Failure(f"conc-tidy failed ({result.returncode}):\n{result.stderr}")
    findings = []
    for line in result.stdout.splitlines():
        m = TIDY_LINE.match(line)
        if not m:
            continue
        entry = (Path(m["file"]).name, int(m["line"]), int(m["col"]))
        if m["kind"] == "warning" and m["check"] and m["check"].startswith("conc-"):
            findings.append(entry + (m["check"], m["text"], []))
        elif m["kind"] == "note" and findings:
            findings[-1][5].append(entry + (m["text"],))
    return findings


def without_fix_count(message):
    """clangd appends " (fix available)" to a finding that has a fix-it."""
    return message.removesuffix(" (fix available)")


def capitalized(text):
    """clangd shows every message with its first letter capitalized."""
    return text[:1].upper() + text[1:]


def parity_scenario(name):
    """Findings land on the same lines with the same text as conc-tidy's for
    the same file, notes included, also the ones that need function bodies
    from the header (a lock taken in an inline helper, a thread body, a helper
    the thread is handed to); the only differences are the fixture's misses."""
    fixture = PARITY[name]

    def run(args):
        if not args.tidy:
            raise Failure("--tidy CONC_TIDY is required for this scenario")
        with Session(args, name, fixture["file"], flags=fixture["flags"]) as s:
            header = FIXTURES / fixture["header"]
            shutil.copy(header, s.path.parent / header.name)
            compare_with_conc_tidy(args, s, fixture)
    return run


def compare_with_conc_tidy(args, s, fixture):
    tidy = conc_tidy_findings(args.tidy, s.path, s.flags)
    editor = []
    for d in conc(s.open()):
        start = d["range"]["start"]
        notes = [(Path(r["location"]["uri"]).name, r["location"]["range"]["start"]["line"] + 1,
                  r["location"]["range"]["start"]["character"] + 1, r["message"])
                 for r in d.get("relatedInformation", [])]
        editor.append((s.path.name, start["line"] + 1, start["character"] + 1,
                       d["code"], without_fix_count(d["message"]), notes))
    expected = [(f, l, c, check, capitalized(text),
                 [(nf, nl, nc, capitalized(nt)) for nf, nl, nc, nt in notes])
                for f, l, c, check, text, notes in tidy if f == s.path.name]
    missed = {(f, check) for f, l, c, check, text, notes in tidy if f != s.path.name}

    def show(findings):
        return "\n".join(f"  {f}:{l}:{c} [{check}] {text}" + "".join(
            f"\n      note {nf}:{nl}:{nc} {nt}" for nf, nl, nc, nt in notes)
            for f, l, c, check, text, notes in sorted(findings)) or "  (none)"

    expect(len(expected) >= 3, f"conc-tidy found too little to compare:\n{show(tidy)}")
    for needed in fixture["needs_header"]:
        expect(any(needed.lower() in f[4].lower() for f in expected),
               f"the fixture lost its finding {needed!r}:\n{show(tidy)}")
    expect(sorted(editor) == sorted(expected),
           f"the editor differs from conc-tidy.\nconc-tidy:\n{show(expected)}\n"
           f"editor:\n{show(editor)}")
    expect(missed == fixture["misses"],
           f"conc-tidy's findings outside the file are {sorted(missed)}, the documented "
           f"misses are {sorted(fixture['misses'])}: update docs/editors.md and this test")



def scenario_suppressions(args):
    """The editor honours conc-tidy's and clangd's ways of silencing: a
    NOLINT comment silences one finding, `.clangd`'s ClangTidy Remove drops
    one check; the rest is still reported."""
    with Session(args, "suppressions", "detach-and-wait.cpp") as s:
        (s.root / ".clangd").write_text(
            "Diagnostics:\n  ClangTidy:\n    Remove: [conc-cv-wait-predicate]\n")
        s.text = s.text.replace("t.detach();", "t.detach(); // NOLINT(conc-leaked-thread)")
        s.text += ("\nvoid step();\n\nvoid only_joined() {\n  std::thread worker(work);\n"
                   "  step();\n  worker.join();\n}\n")
        diagnostics = s.open()
        found = conc(diagnostics)
        find(found, "conc-unjoined-thread", line_of(s.text, "std::thread worker(work);"))
        expect(len(found) == 1, f"expected only conc-unjoined-thread:\n{describe(diagnostics)}")


def scenario_header_bodies_off(args):
    """--conc-header-bodies=false gives clangd's own preamble back: the
    finding that needs a thread body from service.h is gone, the others
    stay."""
    with Session(args, "header-bodies-off", "parity/main.cpp",
                 server_args=["--conc-header-bodies=false"]) as s:
        shutil.copy(FIXTURES / "parity" / "service.h", s.path.parent / "service.h")
        diagnostics = s.open()
        found = conc(diagnostics)
        expect(not [d for d in found if "loop that never ends" in d["message"]],
               f"the thread body in service.h was read:\n{describe(diagnostics)}")
        find(found, "conc-leaked-thread", line_of(s.text, "poller.detach();"))
        find(found, "conc-cv-wait-predicate", line_of(s.text, "cv.wait(lock);"))


SCENARIOS = {
    "open": scenario_open,
    "change": scenario_change,
    "code-action": scenario_code_action,
    "tidy-disables": scenario_tidy_disables,
    "syntax-error": scenario_syntax_error,
    "same-as-conc-tidy": parity_scenario("same-as-conc-tidy"),
    "same-as-conc-tidy-c": parity_scenario("same-as-conc-tidy-c"),
    "header-bodies-off": scenario_header_bodies_off,
    "suppressions": scenario_suppressions,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--tidy", help="conc-tidy, for the scenarios that compare with it")
    parser.add_argument("--work", required=True)
    parser.add_argument("--docs-url", default="https://github.com/conc-dev/conc/blob/main/docs",
                        help="CONC_DOCS_URL the server was built with")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds to wait for any one reply or publishDiagnostics")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    args.clangd = str(Path(args.clangd).resolve())
    if args.tidy:
        args.tidy = str(Path(args.tidy).resolve())
    try:
        SCENARIOS[args.scenario](args)
    except (Failure, LspError) as error:
        print(f"lsp_scenarios {args.scenario}: FAIL: {error}")
        return 1
    print(f"lsp_scenarios {args.scenario}: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
