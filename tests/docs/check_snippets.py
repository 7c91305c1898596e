#!/usr/bin/env python3
"""Compiles every C++ and Go snippet of a Markdown page, so that a snippet
that does not compile cannot ship.

    check_snippets.py --doc docs/go-to-cpp.md --cxx clang++-19 \
        --include runtime-probes/include --go go --work build/tests/docs

Every fenced block whose language is `cpp` or `go` is checked; no block is
ever skipped. C++ blocks are compiled one by one with the project's flags
(-std=c++20 -Wall -Wextra -Werror) against conc's headers; Go blocks are
type-checked and vetted with `go vet`, each as its own package, in one run.

A block that is a fragment gets its context from hidden HTML comments in the
page (they do not render):

  <!-- snippet-prelude cpp          (or go)
  ...declarations every block of that language starts with...
  -->

  <!-- snippet [in-function] [vet-reports=ANALYZER] [export=NAME]
  ...declarations for the next block only...
  -->

A `snippet` comment applies to the next fenced block and must come right
before it (blank lines allowed). Its lines are placed before the block; when
one of them is `{{snippet}}`, the block goes there instead (so the harness
may also follow it). With `in-function` the harness and the block together
are the body of a function (for statements: the harness declares the locals
the block uses). `vet-reports=copylocks` says the block shows what `go vet`
reports: the check then fails unless vet does report it there.
`export=NAME` (C++, top level) also writes the block in its harness to
NAME.h under --export-dir, for tests that run it (tests/docs/
guide_behaviour_test.cpp): a snippet that compiles but does the wrong thing
fails there.

The C++ flags add only -Wno-unused-* on top of the project's: a fragment
shows a variable it declares, not every later use of it.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys

FENCE = re.compile(r"^```([A-Za-z0-9+-]*)\s*$")
CXX_FLAGS = ["-std=c++20", "-pthread", "-Wall", "-Wextra", "-Werror",
             "-Wno-unused-variable", "-Wno-unused-but-set-variable",
             "-Wno-unused-parameter", "-Wno-unused-function",
             "-Wno-unused-local-typedef", "-Wno-unused-private-field",
             "-Wno-unused-lambda-capture"]
LANGUAGES = {"cpp": "cpp", "c++": "cpp", "go": "go"}


class Snippet:
    def __init__(self, lang, line, code, harness, options):
        self.lang = lang
        self.line = line          # 1-based line of the opening fence
        self.code = code
        self.harness = harness    # list of lines, or None
        self.options = options    # set of words from the `snippet` comment

    def option(self, name):
        for option in self.options:
            if option.startswith(name + "="):
                return option.split("=", 1)[1]
        return None


class PageError(Exception):
    pass


def parse(path):
    """Returns (preludes by language, snippets)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    preludes = {"cpp": [], "go": []}
    snippets = []
    pending = None  # (harness lines, options, line) of a `snippet` comment
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("<!-- snippet"):
            head = stripped[len("<!--"):].strip()
            body = []
            closed = head.endswith("-->")
            if closed:
                head = head[:-3].strip()
            j = i + 1
            while not closed:
                if j >= len(lines):
                    raise PageError(f"{path}:{i + 1}: unterminated snippet comment")
                if lines[j].strip() == "-->":
                    closed = True
                else:
                    body.append(lines[j])
                j += 1
            words = head.split()
            if words[0] == "snippet-prelude":
                if len(words) != 2 or words[1] not in preludes:
                    raise PageError(f"{path}:{i + 1}: write `<!-- snippet-prelude cpp` or `go`")
                preludes[words[1]] += body
            elif words[0] == "snippet":
                if pending:
                    raise PageError(f"{path}:{pending[2]}: snippet comment without a block")
                pending = (body, set(words[1:]), i + 1)
            else:
                raise PageError(f"{path}:{i + 1}: unknown comment `{words[0]}`")
            i = j
            continue
        match = FENCE.match(line)
        if match and match.group(1):
            lang = match.group(1)
            start = i
            i += 1
            code = []
            while i < len(lines) and lines[i].strip() != "```":
                code.append(lines[i])
                i += 1
            if i >= len(lines):
                raise PageError(f"{path}:{start + 1}: unterminated code block")
            i += 1
            if lang in LANGUAGES:
                harness, options = (pending[0], pending[1]) if pending else (None, set())
                snippets.append(Snippet(LANGUAGES[lang], start + 1, code, harness, options))
            elif pending:
                raise PageError(f"{path}:{pending[2]}: snippet comment before a `{lang}` block, "
                                "which is not compiled")
            pending = None
            continue
        if stripped and pending:
            raise PageError(f"{path}:{pending[2]}: a snippet comment must come right before "
                            "its code block")
        i += 1
    if pending:
        raise PageError(f"{path}:{pending[2]}: snippet comment without a block")
    return preludes, snippets


def assemble(snippet, prelude):
    """The snippet in its harness; returns (text, line offset of the snippet)."""
    harness = snippet.harness or []
    if any(l.strip() == "{{snippet}}" for l in harness):
        at = next(k for k, l in enumerate(harness) if l.strip() == "{{snippet}}")
        before, after = harness[:at], harness[at + 1:]
    else:
        before, after = harness, []
    if "in-function" in snippet.options:
        # The harness is then the function's body around the snippet.
        opening = "void snippet_in_function() {" if snippet.lang == "cpp" else "func snippetInFunction() {"
        before, after = [opening] + before, after + ["}"]
    head = (["package snippets"] if snippet.lang == "go" else []) + prelude + before
    return head, list(snippet.code), after


def check_cpp(snippets, prelude, args, doc):
    os.makedirs(os.path.join(args.work, "cpp"), exist_ok=True)
    doc_abs = os.path.abspath(doc)

    # The prelude (conc and the standard headers) is parsed once, into a
    # precompiled header, when the compiler is clang; else every block
    # parses it again.
    pch_flags, shared = [], prelude
    if "clang" in os.path.basename(args.cxx):
        header = os.path.join(args.work, "cpp", "prelude.h")
        with open(header, "w", encoding="utf-8") as f:
            f.write("\n".join(prelude) + "\n")
        pch = header + ".pch"
        run = subprocess.run([args.cxx, *CXX_FLAGS, "-isystem", args.include, "-x", "c++-header",
                              header, "-o", pch], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=300)
        if run.returncode != 0:
            return [f"{doc}: the C++ prelude does not compile:\n{run.stdout.strip()}"]
        pch_flags, shared = ["-include-pch", pch], []

    def compile_one(index, snippet):
        head, body, after = assemble(snippet, shared)
        first = snippet.line + 1
        text = "\n".join(head + [f'#line {first} "{doc_abs}"'] + body +
                         [f'#line 1 "snippet-{snippet.line}-after"'] + after) + "\n"
        source = os.path.join(args.work, "cpp", f"snippet_{snippet.line}.cpp")
        with open(source, "w", encoding="utf-8") as f:
            f.write(text)
        argv = [args.cxx, *CXX_FLAGS, "-isystem", args.include, *pch_flags, "-fsyntax-only",
                source]
        run = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=300)
        return snippet, run.returncode, run.stdout

    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for snippet, code, output in pool.map(lambda p: compile_one(*p), enumerate(snippets)):
            if code != 0:
                failures.append(f"{doc}:{snippet.line}: C++ snippet does not compile "
                                f"(source: {args.work}/cpp/snippet_{snippet.line}.cpp):\n"
                                f"{output.strip()}")
    return failures


GO_MOD = """module conc.example/snippets

go 1.19

require (
\tgo.uber.org/goleak v1.0.0
\tgolang.org/x/sync v0.0.0
\tgolang.org/x/time v0.0.0
)

replace go.uber.org/goleak => {stubs}/goleak

replace golang.org/x/sync => {stubs}/sync

replace golang.org/x/time => {stubs}/time
"""


def check_go(snippets, prelude, args, doc):
    root = os.path.join(args.work, "go")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    with open(os.path.join(root, "go.mod"), "w", encoding="utf-8") as f:
        f.write(GO_MOD.format(stubs=os.path.abspath(args.go_stubs)))
    by_dir = {}
    for snippet in snippets:
        head, body, after = assemble(snippet, prelude)
        name = f"snippet_{snippet.line}"
        os.makedirs(os.path.join(root, name))
        # //line maps positions back to the page (vet honours it).
        first = snippet.line + 1
        text = "\n".join(head + [f"//line {os.path.abspath(doc)}:{first}"] + body +
                         [f"//line snippet-{snippet.line}-after:1"] + after) + "\n"
        test = "_test" if any(re.match(r"\s*func Test\w*\(t \*testing\.T\)", l) or
                               re.match(r"\s*func TestMain\(", l) for l in body) else ""
        with open(os.path.join(root, name, f"main{test}.go"), "w", encoding="utf-8") as f:
            f.write(text)
        by_dir[name] = snippet
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GONOSUMDB="*",
               GO111MODULE="on", GOWORK="off")
    env.setdefault("GOCACHE", os.path.join(args.work, "gocache"))
    env.setdefault("GOPATH", os.path.join(args.work, "gopath"))
    failures = []
    # One vet run for every package (a go process per snippet costs minutes
    # on a busy machine); vet reports each package under its own header, and
    # a type error in one package does not stop the others.
    run = subprocess.run([args.go, "vet", "./..."], cwd=root, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    reports, current, stray = {}, None, []
    for line in run.stdout.splitlines():
        header = re.match(r"^# conc\.example/snippets/(snippet_\d+)$", line)
        if header:
            current = header.group(1)
            reports.setdefault(current, [])
        elif current:
            reports[current].append(line)
        elif line.strip():
            stray.append(line)
    if stray or (run.returncode != 0 and not reports):
        return [f"{doc}: go vet failed outside any snippet:\n{run.stdout.strip()}"]
    for name in sorted(by_dir):
        snippet = by_dir[name]
        output = "\n".join(reports.get(name, [])).strip()
        expected = snippet.option("vet-reports")
        if expected:
            # The block shows a bug vet must find: it has to type-check and
            # vet must name exactly that analyzer's finding.
            pattern = {"copylocks": r"passes lock by value|copies lock value",
                       "loopclosure": r"loop variable \w+ captured by func literal",
                       "lostcancel": r"cancel function .* not used|lostcancel"}.get(expected)
            if pattern is None:
                failures.append(f"{doc}:{snippet.line}: unknown vet-reports={expected}")
            elif not re.search(pattern, output) or re.search(r"^vet: ", output, re.MULTILINE):
                failures.append(f"{doc}:{snippet.line}: Go snippet should draw vet's "
                                f"{expected} report and nothing else; go vet said:\n"
                                f"{output or '(nothing)'}")
        elif output:
            failures.append(f"{doc}:{snippet.line}: Go snippet fails go vet "
                            f"(source: {root}/{name}):\n{output}")
    return failures


def export(snippets, prelude, directory, doc):
    """Writes prelude.h and NAME.h for every C++ block marked `export=NAME`:
    the block in its harness, for a test that includes it and runs it."""
    os.makedirs(directory, exist_ok=True)
    written = {}

    def write(name, lines):
        text = "// Generated from " + os.path.abspath(doc) + " by check_snippets.py: edit the page.\n"
        text += "#pragma once\n" + "\n".join(lines) + "\n"
        path = os.path.join(directory, name + ".h")
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:  # keep the time stamp when nothing changed
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)

    write("prelude", prelude)
    for snippet in snippets:
        name = snippet.option("export")
        if not name:
            continue
        if snippet.lang != "cpp" or "in-function" in snippet.options:
            raise PageError(f"{doc}:{snippet.line}: only top-level C++ blocks can be exported")
        if not re.match(r"^[a-z_][a-z0-9_]*$", name) or name in written or name == "prelude":
            raise PageError(f"{doc}:{snippet.line}: export name '{name}' is not a unique identifier")
        head, body, after = assemble(snippet, [])
        write(name, ['#include "prelude.h"'] + head + [f'#line {snippet.line + 1} "{os.path.abspath(doc)}"'] +
              body + after)
        written[name] = snippet.line
    return sorted(written)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--doc", required=True)
    parser.add_argument("--cxx", required=True)
    parser.add_argument("--include", required=True, help="conc's include directory")
    parser.add_argument("--go", required=True)
    parser.add_argument("--go-stubs", required=True,
                        help="directory with the stub Go modules (errgroup, rate, goleak)")
    parser.add_argument("--work", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--export-dir",
                        help="write the C++ prelude and every `export=NAME` block (in its "
                             "harness) as headers there, for tests that run them")
    parser.add_argument("--export-only", action="store_true",
                        help="only write the exports; compile nothing")
    args = parser.parse_args()
    for tool in (args.cxx, args.go):
        if not shutil.which(tool):
            print(f"check_snippets: {tool} not found: it is needed to check the snippets",
                  file=sys.stderr)
            return 2
    try:
        preludes, snippets = parse(args.doc)
    except (OSError, PageError) as error:
        print(f"check_snippets: {error}", file=sys.stderr)
        return 2
    if args.export_dir:
        try:
            names = export(snippets, preludes["cpp"], args.export_dir, args.doc)
        except PageError as error:
            print(f"check_snippets: {error}", file=sys.stderr)
            return 2
        if args.export_only:
            print(f"{args.doc}: exported {', '.join(names)} to {args.export_dir}")
            return 0
    cpp = [s for s in snippets if s.lang == "cpp"]
    go = [s for s in snippets if s.lang == "go"]
    if not cpp or not go:
        print(f"check_snippets: {args.doc} has {len(cpp)} C++ and {len(go)} Go blocks; "
              "expected both", file=sys.stderr)
        return 2
    os.makedirs(args.work, exist_ok=True)
    failures = check_cpp(cpp, preludes["cpp"], args, args.doc)
    failures += check_go(go, preludes["go"], args, args.doc)
    for failure in failures:
        print(failure + "\n")
    print(f"{args.doc}: {len(cpp)} C++ and {len(go)} Go snippets, {len(failures)} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
