"""The catalogue: every kata's kata.json, read through a validated schema.

A kata.json is data a kata author writes by hand, so it is checked the way a
compiler checks a declaration: an unknown key, a missing key or a value of the
wrong kind is an error that names the file and the key (a typo such as
"starter_fail" would otherwise be silently ignored and the kata graded wrong).
"""

import json
import os
import re

from .errors import UsageError

STAGES = {
    # name: (points, one-line description)
    "build": (20, "builds without warnings (-Wall -Wextra -Werror)"),
    "tests": (30, "functional tests pass"),
    "probe": (20, "no leaked threads"),
    "tsan": (20, "clean under ThreadSanitizer over repeated runs"),
    "tidy": (10, "clean under conc-tidy"),
    "locks": (20, "no lock-order cycle or lock misuse at run time (conc-probe --locks)"),
}
STAGE_ORDER = ["build", "tests", "probe", "tsan", "tidy", "locks"]
# A kata.json without "stages" gets these: the locks stage is opt-in.
DEFAULT_STAGES = ["build", "tests", "probe", "tsan", "tidy"]
DIFFICULTIES = ("easy", "medium", "hard")
REQUIREMENTS = ("libconc",)
KATA_NAME = re.compile(r"^\d\d-[a-z0-9-]+$")


class KataSchemaError(UsageError):
    """A kata.json that does not follow the schema (an author's mistake)."""


def _string(value):
    return None if isinstance(value, str) and value.strip() else "a non-empty string"


def _positive_number(value):
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    return None if ok else "a number of seconds greater than 0"


def _positive_integer(value):
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else "an integer greater than 0"


def _one_of(choices):
    def check(value):
        return None if value in choices else "one of " + ", ".join(map(repr, choices))
    return check


def _list_of(item_check, what, non_empty=False):
    def check(value):
        if not isinstance(value, list) or (non_empty and not value):
            return f"a {'non-empty ' if non_empty else ''}list of {what}"
        for item in value:
            problem = item_check(item)
            if problem:
                return f"a list of {what} ({item!r} is not {problem})"
        return None
    return check


def _file_name(value):
    # Learner files sit side by side with test.cpp in one folder.
    if (isinstance(value, str) and value and "/" not in value and value not in (".", "..")
            and value != "test.cpp"):
        return None
    return "a plain file name (no folder, not test.cpp)"


def _check_name(value):
    return None if isinstance(value, str) and re.match(r"^conc-[a-z0-9-]+$", value) else \
        "a conc-tidy check name (conc-...)"


def _stage_or_stages(value):
    names = value if isinstance(value, list) else [value]
    if not names or any(name not in STAGES for name in names):
        return "a stage name or a non-empty list of them (" + ", ".join(STAGE_ORDER) + ")"
    return None


# key: (required, check of its value)
SCHEMA = {
    "title": (True, _string),
    "difficulty": (True, _one_of(DIFFICULTIES)),
    "files": (True, _list_of(_file_name, "file names", non_empty=True)),
    "stages": (False, _list_of(_one_of(STAGE_ORDER), "stage names", non_empty=True)),
    "checks": (False, _list_of(_check_name, "conc-tidy check names")),
    "requires": (False, _list_of(_one_of(REQUIREMENTS), "requirements")),
    "starter_fails": (True, _stage_or_stages),
    "timeout": (False, _positive_number),
    "tsan_runs": (False, _positive_integer),
    "sources_note": (False, _string),
}


def validate(meta, path):
    """Raises KataSchemaError naming `path` and the key at fault."""
    if not isinstance(meta, dict):
        raise KataSchemaError(f"{path}: must hold one JSON object")
    for key in meta:
        if key not in SCHEMA:
            raise KataSchemaError(f"{path}: unknown key '{key}' (known keys: "
                                  f"{', '.join(sorted(SCHEMA))})")
    for key, (required, check) in SCHEMA.items():
        if key not in meta:
            if required:
                raise KataSchemaError(f"{path}: missing key '{key}'")
            continue
        problem = check(meta[key])
        if problem:
            raise KataSchemaError(f"{path}: '{key}' must be {problem}, not {meta[key]!r}")
    stages = meta.get("stages", DEFAULT_STAGES)
    fails = meta["starter_fails"]
    for name in fails if isinstance(fails, list) else [fails]:
        if name not in stages:
            raise KataSchemaError(f"{path}: 'starter_fails' names '{name}', which is not "
                                  f"one of its stages ({', '.join(stages)})")


def read_kata_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as error:
        raise KataSchemaError(f"{path}: cannot read it: {error.strerror}") from None
    try:
        meta = json.loads(text)
    except ValueError as error:
        raise KataSchemaError(f"{path}: not valid JSON: {error}") from None
    validate(meta, path)
    return meta


class Kata:
    def __init__(self, config, name):
        self.name = name
        self.number = name.split("-", 1)[0]
        self.slug = name.split("-", 1)[1] if "-" in name else name
        self.dir = os.path.join(config.katas_dir, name)
        self.solution_dir = os.path.join(config.katas_dir, "solutions", name)
        meta = read_kata_json(os.path.join(self.dir, "kata.json"))
        self.meta = meta
        self.title = meta["title"]
        self.difficulty = meta["difficulty"]
        self.files = meta["files"]
        self.checks = meta.get("checks", [])
        self.stages = [s for s in STAGE_ORDER if s in meta.get("stages", DEFAULT_STAGES)]
        # One stage, or a list when the starter's bug shows in several (all proven).
        fails = meta["starter_fails"]
        self.starter_fails = fails if isinstance(fails, list) else [fails]
        # The time limit on an idle machine: a run that takes longer (twice,
        # after scaling for load; see time_limits.py) is a deadlock verdict.
        self.timeout = float(meta.get("timeout", 10))
        self.tsan_runs = meta.get("tsan_runs")
        self.needs_libconc = "libconc" in meta.get("requires", [])

    @property
    def sources(self):
        return [f for f in self.files if f.endswith((".cpp", ".cc"))]

    @property
    def headers(self):
        return [f for f in self.files if not f.endswith((".cpp", ".cc"))]

    def hints(self):
        path = os.path.join(self.dir, "hints.md")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        parts = re.split(r"^## +Hint +\d+.*$", text, flags=re.MULTILINE)
        return [p.strip() for p in parts[1:] if p.strip()]


def all_katas(config):
    if not os.path.isdir(config.katas_dir):
        raise UsageError(f"the katas directory {config.katas_dir} does not exist")
    names = sorted(d for d in os.listdir(config.katas_dir)
                   if KATA_NAME.match(d)
                   and os.path.isfile(os.path.join(config.katas_dir, d, "kata.json")))
    return [Kata(config, n) for n in names]


def find_kata(config, ident):
    katas = all_katas(config)
    ident = str(ident).strip().rstrip("/")
    ident = os.path.basename(ident)
    for kata in katas:
        if ident in (kata.name, kata.number, kata.slug) or (
                ident.isdigit() and kata.number.isdigit() and int(ident) == int(kata.number)):
            return kata
    first, last = (katas[0].number, katas[-1].number) if katas else ("?", "?")
    raise UsageError(f"unknown kata '{ident}': katas are numbered {first} to {last} "
                     f"(see `conc-kata list`)")


def next_unsolved(katas, progress):
    return next((k for k in katas if not progress.get(k.name, {}).get("passed")), None)
