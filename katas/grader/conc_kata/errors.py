"""Exit codes and the one exception that means "bad input"."""

EXIT_OK = 0
EXIT_NOT_PASSED = 1   # graded, but not full marks
EXIT_USAGE = 2        # bad input: unknown kata, not a workspace, missing tool


class UsageError(Exception):
    """Bad input: printed as one line, exit code 2."""
