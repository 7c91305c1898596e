"""Small helpers that turn tool output into what a learner reads."""

import os


def first_lines(text, count=12):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    shown = lines[:count]
    if len(lines) > count:
        shown.append(f"... ({len(lines) - count} more lines)")
    return "\n".join(shown)


def compiler_diagnostics(output, scratch):
    # Paths of the scratch copy mean nothing to the learner: show bare names.
    return output.replace(scratch + os.sep, "")
