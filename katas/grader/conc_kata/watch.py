"""`conc-kata watch`: re-grade the kata in focus on every save, with single
keys for next, hint, list, recheck and quit."""

import os
import sys
import time

from .catalogue import all_katas, next_unsolved
from .commands import clear_log, cmd_list, kata_in_focus, make_grader, show_next_hint
from .errors import EXIT_OK
from .formats import paint, print_grade
from .workspace import Workspace


def snapshot(paths):
    state = {}
    for path in paths:
        try:
            st = os.stat(path)
            state[path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            state[path] = None
    return state


class Keys:
    """Single-key input on a terminal (cbreak mode); line input otherwise."""

    def __init__(self):
        self.tty = sys.stdin.isatty()
        self.saved = None

    def __enter__(self):
        if self.tty:
            import termios
            import tty
            self.saved = termios.tcgetattr(sys.stdin)
            tty.setcbreak(sys.stdin.fileno())
        return self

    def __exit__(self, *exc):
        if self.saved is not None:
            import termios
            termios.tcsetattr(sys.stdin, termios.TCSADRAIN, self.saved)

    def poll(self, timeout):
        import select
        ready, _, _ = select.select([sys.stdin], [], [], timeout)
        if not ready:
            return None
        data = os.read(sys.stdin.fileno(), 64).decode(errors="replace") if self.tty \
            else sys.stdin.readline()
        if data == "":
            return "q"  # end of input
        return data.strip()[:1].lower() or None


def cmd_watch(config, args):
    workspace = Workspace.find(args.workspace or ".")
    katas = all_katas(config)
    grader = make_grader(config, workspace.cache_dir(), args, False)
    kata = kata_in_focus(config, workspace, args.kata, katas)
    if kata is None:
        print(f"conc-kata: all {len(katas)} katas pass. Well done.")
        return EXIT_OK
    keys_help = "[n]ext  [h]int  [l]ist  [r]echeck  [q]uit"

    def check(kata):
        print(paint(f"\n== checking {kata.name} ...", "1"))
        grade = grader.grade(kata, workspace.kata_dir(kata))
        clear_log(False)
        workspace.record(grade)
        print_grade(grade)
        if grade.full_marks:
            print(paint("  Passed! Press n for the next kata.", "32"))
        print(f"  watching {kata.name}/ for changes   {keys_help}")
        return grade

    with Keys() as keys:
        paths = [os.path.join(workspace.kata_dir(kata), f) for f in kata.files]
        seen = snapshot(paths)
        check(kata)
        while True:
            key = keys.poll(args.interval)
            if key == "q":
                return EXIT_OK
            if key == "h":
                show_next_hint(workspace, kata)
            elif key == "l":
                cmd_list(config, args)
            elif key == "r":
                check(kata)
            elif key == "n":
                after = [k for k in katas if k.name > kata.name]
                progress = workspace.load_progress()["katas"]
                upcoming = next_unsolved(after, progress) or next_unsolved(katas, progress)
                if upcoming is None:
                    print("conc-kata: every kata passes. Well done.")
                    return EXIT_OK
                kata = upcoming
                paths = [os.path.join(workspace.kata_dir(kata), f) for f in kata.files]
                seen = snapshot(paths)
                check(kata)
            now = snapshot(paths)
            if now != seen:
                time.sleep(0.2)  # let the editor finish writing
                seen = snapshot(paths)
                check(kata)
