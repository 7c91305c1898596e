"""The command line: arguments, dispatch, and how errors reach the user."""

import argparse
import json
import os
import sys

from .commands import (cmd_check, cmd_grade, cmd_hint, cmd_init, cmd_list, cmd_prove,
                       cmd_reset, cmd_solution)
from .config import Config
from .errors import EXIT_OK, EXIT_USAGE, UsageError
from .formats import error_results
from .watch import cmd_watch


def build_parser():
    parser = argparse.ArgumentParser(
        prog="conc-kata",
        description="Graded C++ concurrency exercises: fix the bug, pass every stage.")
    parser.add_argument("-C", "--workspace", help="the kata workspace (default: here or above)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p, kata=True, kata_required=False):
        if kata:
            p.add_argument("kata", nargs=None if kata_required else "?",
                           help="kata number (05), name (05-racy-counter) or slug")
        p.add_argument("-C", "--workspace", dest="workspace", default=argparse.SUPPRESS,
                       help=argparse.SUPPRESS)

    def grading(p):
        p.add_argument("--json", action="store_true", help="one JSON object on stdout")
        p.add_argument("--format", choices=["text", "json", "exercism", "classroom"])
        p.add_argument("--output", help="file for --format=exercism/classroom")
        p.add_argument("--tsan-runs", type=int, help="ThreadSanitizer repetitions (default 5, 2 under CI=true)")
        p.add_argument("-v", "--verbose", action="store_true", help="show program output of failed stages")

    p = sub.add_parser("init", help="copy the starters into a new workspace")
    p.add_argument("dir", nargs="?", help="directory to create (default ./conc-katas)")
    p = sub.add_parser("list", help="progress bar, each kata's state, and the next kata")
    common(p, kata=False)
    p.add_argument("--json", action="store_true")
    # Without a kata: the one whose folder you are in, else the next unsolved one.
    p = sub.add_parser("check", help="grade one kata (default: this folder's, or the next unsolved)")
    common(p)
    grading(p)
    p.add_argument("--all", action="store_true", help="grade every kata")
    p = sub.add_parser("watch", help="re-grade on every save")
    common(p)
    p.add_argument("--interval", type=float, default=0.5, help="seconds between file polls")
    p.add_argument("--tsan-runs", type=int)
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    p = sub.add_parser("hint", help="show one more hint (default: this folder's kata, or the next unsolved)")
    common(p)
    p = sub.add_parser("reset", help="put a kata back to its starter files (yours are backed up)")
    common(p, kata_required=True)
    p = sub.add_parser("solution", help="show the reference solution (after passing)")
    common(p)
    p.add_argument("--force", action="store_true", help="show it even though the kata does not pass yet")
    p = sub.add_parser("grade", help="grade files outside a workspace (authors, CI)")
    common(p, kata_required=True)
    grading(p)
    p.add_argument("--files", help="directory with the learner's files (default: the starter)")
    p.add_argument("--solution", action="store_true", help="grade the reference solution")
    p.add_argument("--cache", help="object cache directory")
    p = sub.add_parser("prove", help="CI: starter fails as intended, solution passes, repeatably")
    common(p, kata_required=True)
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--cache", help="object cache directory")
    p.add_argument("--tsan-runs", type=int)
    return parser


COMMANDS = {"init": cmd_init, "list": cmd_list, "check": cmd_check, "watch": cmd_watch,
            "hint": cmd_hint, "reset": cmd_reset, "solution": cmd_solution,
            "grade": cmd_grade, "prove": cmd_prove}


def load_config_file(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as error:
        raise UsageError(f"cannot read the configuration {path}: {error.strerror}") from None
    except ValueError as error:
        raise UsageError(f"the configuration {path} is not valid JSON: {error}") from None


def main(argv=None, config=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    fmt = getattr(args, "format", None) or ("json" if getattr(args, "json", False) else None)
    try:
        if config is None:
            path = os.environ.get("CONC_KATA_CONFIG")
            if not path:
                print("conc-kata: not configured: run the build's bin/conc-kata "
                      "(or set CONC_KATA_CONFIG)", file=sys.stderr)
                return EXIT_USAGE
            config = load_config_file(path)
        return COMMANDS[args.command](Config(config), args)
    except UsageError as error:
        if fmt in ("json", "exercism", "classroom"):
            print(json.dumps(error_results(fmt, str(error))))
        print(f"conc-kata: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `conc-kata list | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("\nconc-kata: interrupted", file=sys.stderr)
        return 130
