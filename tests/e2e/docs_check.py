#!/usr/bin/env python3
"""Check that the docs are complete and that their links resolve.

  check-pages  every check has docs/checks/<check>.md; the checks are those
               conc-tidy lists (--tidy) and those in docs/index.md's index
               (the repository's copy of DESIGN.md's table);
  katas        every kata folder (katas/NN-slug/) whose README names a conc-*
               check links that check's page, that page links the kata back,
               and every check page links at least one kata that exists;
  links        every relative link in docs/**/*.md, README.md,
               examples/README.md and the kata READMEs points at a file or folder that exists, and a
               #fragment at a heading of the target page.

Prints one line per problem, grouped, so that the missing pages can be read
off directly. Exit 0 when everything holds, 1 when something is missing,
2 when the check could not run.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

CHECK_NAME = re.compile(r"\bconc-[a-z0-9]+(?:-[a-z0-9]+)+\b")
KATA_DIR = re.compile(r"^\d{2,}-[a-z0-9-]+$")
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
CODE_SPAN = re.compile(r"`[^`]*`")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
EXPLICIT_ANCHOR = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"")
# Names that look like checks but are not (the prefix itself, option values).
NOT_CHECKS = {"conc-tidy", "conc-kata", "conc-probe", "conc-module"}


def markdown_lines(path):
    """The lines of a Markdown file outside fenced code blocks, with numbers."""
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def links_of(path):
    for number, line in markdown_lines(path):
        prose = CODE_SPAN.sub("", line)
        for match in INLINE_LINK.finditer(prose):
            yield number, match.group(1)
        match = REFERENCE_LINK.match(prose)
        if match:
            yield number, match.group(1)


def slug(heading):
    """GitHub's anchor for a heading."""
    text = re.sub(r"<[^>]+>", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors_of(path):
    anchors, seen = set(), {}
    for _, line in markdown_lines(path):
        match = HEADING.match(line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            anchors.add(base if count == 0 else f"{base}-{count}")
        anchors.update(EXPLICIT_ANCHOR.findall(line))
    return anchors


def is_external(target):
    return re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) is not None


def resolve(source, target):
    path_part, _, fragment = target.partition("#")
    destination = source if not path_part else (source.parent / path_part)
    return destination, fragment


def check_names_from_tidy(tidy):
    result = subprocess.run([tidy, "--list-checks", "--checks=-*,conc-*"],
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"'{tidy} --list-checks' failed: {result.stderr.strip()}")
    return {line.strip() for line in result.stdout.splitlines() if CHECK_NAME.fullmatch(line.strip())}


def check_names_from_index(index):
    if not index.exists():
        return set()
    names = set()
    for _, line in markdown_lines(index):
        names.update(name for name in CHECK_NAME.findall(line) if name not in NOT_CHECKS)
    return names


def kata_folders(root):
    katas = root / "katas"
    if not katas.is_dir():
        return []
    return sorted(p for p in katas.iterdir() if p.is_dir() and KATA_DIR.match(p.name))


def links_to(source, predicate):
    """The resolved targets of `source`'s relative links that satisfy predicate."""
    found = set()
    for _, target in links_of(source):
        if is_external(target):
            continue
        destination, _ = resolve(source, target)
        destination = Path(*destination.parts)  # keep it lexical; may not exist
        if predicate(destination):
            found.add(destination.resolve())
    return found


def check_pages(root, checks, origin):
    problems = []
    for name in sorted(checks):
        page = root / "docs" / "checks" / f"{name}.md"
        if not page.is_file():
            problems.append(f"missing page docs/checks/{name}.md (check listed by {', '.join(sorted(origin[name]))})")
    return problems


def kata_links(root, checks):
    problems = []
    katas = kata_folders(root)
    pages_dir = (root / "docs" / "checks").resolve()
    kata_of_page = {}
    for kata in katas:
        readme = kata / "README.md"
        where = readme.relative_to(root)
        if not readme.is_file():
            problems.append(f"{kata.relative_to(root)}/ has no README.md")
            continue
        named = {n for n in CHECK_NAME.findall(readme.read_text(encoding="utf-8")) if n not in NOT_CHECKS}
        linked = links_to(readme, lambda p: p.resolve().parent == pages_dir and p.suffix == ".md")
        linked_names = {p.stem for p in linked}
        for name in sorted(named - linked_names):
            problems.append(f"{where} names {name} but does not link docs/checks/{name}.md")
        for name in linked_names:
            kata_of_page.setdefault(name, set()).add(kata.resolve())
    for name in sorted(checks):
        page = root / "docs" / "checks" / f"{name}.md"
        if not page.is_file():
            continue  # reported by check-pages
        kata_root = (root / "katas").resolve()
        linked_katas = {
            p if p.is_dir() else p.parent
            for p in links_to(page, lambda p: (root / "katas").resolve() in p.resolve().parents)
        }
        linked_katas = {p for p in linked_katas if p.parent == kata_root}
        existing = {k.resolve() for k in katas}
        for kata in sorted(kata_of_page.get(name, set()) - linked_katas):
            problems.append(f"docs/checks/{name}.md does not link back to katas/{kata.name}/ (which links it)")
        if not linked_katas & existing:
            problems.append(f"docs/checks/{name}.md links no existing kata folder")
    return problems


def relative_links(root):
    problems = []
    missing_targets = {}
    sources = sorted((root / "docs").rglob("*.md")) if (root / "docs").is_dir() else []
    sources += [p for p in (root / "README.md", root / "examples" / "README.md") if p.is_file()]
    sources += [kata / "README.md" for kata in kata_folders(root) if (kata / "README.md").is_file()]
    anchor_cache = {}
    for source in sources:
        for number, target in links_of(source):
            if is_external(target):
                continue
            destination, fragment = resolve(source, target)
            where = f"{source.relative_to(root)}:{number}"
            if not destination.exists():
                missing = os.path.relpath(destination.resolve(), root)
                missing_targets[missing] = missing_targets.get(missing, 0) + 1
                problems.append(f"{where}: broken link '{target}' ({missing} does not exist)")
                continue
            if fragment and destination.suffix == ".md":
                anchors = anchor_cache.setdefault(destination.resolve(), anchors_of(destination))
                if fragment not in anchors:
                    problems.append(f"{where}: no heading for '#{fragment}' in {destination.name}")
    # The missing files first, each once: usually a page another branch adds.
    summary = [f"missing {target} ({count} link{'s' if count > 1 else ''} to it)"
               for target, count in sorted(missing_targets.items())]
    return summary + problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="the repository")
    parser.add_argument("--tidy", help="conc-tidy, for the list of checks it has")
    parser.add_argument("--only", choices=["check-pages", "katas", "links"], action="append",
                        help="run only these parts (repeatable); default all")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    parts = args.only or ["check-pages", "katas", "links"]

    try:
        origin = {}
        if args.tidy:
            for name in check_names_from_tidy(args.tidy):
                origin.setdefault(name, set()).add("conc-tidy --list-checks")
        for name in check_names_from_index(root / "docs" / "index.md"):
            origin.setdefault(name, set()).add("docs/index.md")
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"docs_check: error: {error}", file=sys.stderr)
        return 2
    checks = set(origin)

    failed = False
    for part in parts:
        if part == "check-pages":
            problems = check_pages(root, checks, origin)
            summary = f"{len(checks)} checks"
        elif part == "katas":
            problems = kata_links(root, checks)
            summary = f"{len(kata_folders(root))} kata folders, {len(checks)} checks"
        else:
            problems = relative_links(root)
            summary = "relative links in docs/, README.md, examples/README.md and the kata READMEs"
        status = "FAIL" if problems else "OK"
        print(f"docs_check: {part}: {summary}: {status} ({len(problems)} problem(s))")
        for problem in problems:
            print(f"  {problem}", flush=True)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # piped into head: not an error of ours
        sys.exit(1)
