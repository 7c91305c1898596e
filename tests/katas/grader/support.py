"""Shared by the grader's unit tests: puts katas/grader on sys.path, and
makes katas and fake programs in a temporary directory."""

import json
import os
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
GRADER_DIR = os.path.join(REPO, "katas", "grader")
KATAS_DIR = os.path.join(REPO, "katas")
sys.path.insert(0, GRADER_DIR)

import conc_kata  # noqa: E402,F401  (the package under test)
from conc_kata.catalogue import Kata  # noqa: E402
from conc_kata.config import Config  # noqa: E402

DEMO_META = {"title": "Demo", "difficulty": "easy", "files": ["demo.cpp"],
             "stages": ["build", "tests", "probe", "tsan", "tidy"],
             "checks": ["conc-leaked-thread"], "starter_fails": "tests", "timeout": 5}


def write_kata(katas_dir, name="01-demo", meta=None, files=True):
    """A kata folder with kata.json (DEMO_META unless given), and empty learner
    files and test.cpp when `files`. Returns its Kata."""
    folder = os.path.join(katas_dir, name)
    os.makedirs(folder, exist_ok=True)
    meta = dict(DEMO_META) if meta is None else meta
    with open(os.path.join(folder, "kata.json"), "w") as f:
        json.dump(meta, f)
    if files:
        for file_name in meta.get("files", []) + ["test.cpp"]:
            open(os.path.join(folder, file_name), "w").close()
    return Kata(Config({"katas_dir": katas_dir}), name)


def write_script(path, body):
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body)
    os.chmod(path, 0o755)
    return path
