"""The learner's workspace: a copy of every kata's starter files, and their
progress (.conc-kata/progress.json)."""

import datetime
import json
import os
import shutil

from .errors import UsageError

WORKSPACE_MARK = os.path.join(".conc-kata", "workspace.json")
PROGRESS_FILE = os.path.join(".conc-kata", "progress.json")


class Workspace:
    def __init__(self, root):
        self.root = root

    @staticmethod
    def find(start):
        here = os.path.abspath(start)
        while True:
            if os.path.isfile(os.path.join(here, WORKSPACE_MARK)):
                return Workspace(here)
            parent = os.path.dirname(here)
            if parent == here:
                raise UsageError(f"{os.path.abspath(start)} is not a kata workspace "
                                 f"(no {WORKSPACE_MARK} here or above); create one with "
                                 f"`conc-kata init DIR`")
            here = parent

    def kata_dir(self, kata):
        return os.path.join(self.root, kata.name)

    def cache_dir(self):
        # CONC_KATA_CACHE shares compiled objects between workspaces (CI, classrooms).
        return os.environ.get("CONC_KATA_CACHE") or os.path.join(self.root, ".conc-kata", "cache")

    def load_progress(self):
        path = os.path.join(self.root, PROGRESS_FILE)
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            if isinstance(data, dict) and isinstance(data.get("katas"), dict):
                return data
        except (OSError, ValueError):
            pass
        return {"version": 1, "katas": {}}

    def save_progress(self, progress):
        path = os.path.join(self.root, PROGRESS_FILE)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(progress, f, indent=2, sort_keys=True)
            f.write("\n")
        os.replace(tmp, path)

    def record(self, grade):
        progress = self.load_progress()
        entry = progress["katas"].setdefault(grade.kata.name, {})
        entry["attempts"] = entry.get("attempts", 0) + 1
        entry["last_score"] = grade.score
        entry["max_score"] = grade.max_score
        entry["best_score"] = max(entry.get("best_score", 0), grade.score)
        entry["passed"] = entry.get("passed", False) or grade.full_marks
        entry["last_checked"] = datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds")
        self.save_progress(progress)


def copy_starter(kata, dest):
    os.makedirs(dest, exist_ok=True)
    for name in kata.files + ["README.md", "test.cpp"]:
        src = os.path.join(kata.dir, name)
        if os.path.isfile(src):
            shutil.copyfile(src, os.path.join(dest, name))
    os.chmod(os.path.join(dest, "test.cpp"), 0o444)  # graded from the repository's copy
