"""How a test program ended, told to the learner: which test was running and
why the program stopped (shared by the stages that run the tests)."""

import re

MISUSE = ("close of closed channel", "send on closed channel",
          "negative WaitGroup counter", "lock-order inversion", "wait() on a group")


def running_test(output):
    started = re.findall(r"^\[ RUN      \] (\S+)", output, re.MULTILINE)
    done = set(re.findall(r"^\[ +(?:OK|FAILED) +\] (\S+)", output, re.MULTILINE))
    pending = [t for t in started if t not in done]
    return pending[-1] if pending else ""


def crash_message(run):
    running = running_test(run.output)
    where = f" in test {running}" if running else ""
    for headline in MISUSE:  # libconc's misuse report names the bug
        if headline in run.output:
            line = next(l for l in run.output.splitlines() if headline in l)
            return f"libconc stopped the program{where}: {line.strip()[:200]}"
    if "terminate called" in run.output and "without an active exception" in run.output:
        return (f"the program called std::terminate{where}: a std::thread was destroyed "
                "while still joinable (never joined on some path).")
    if "terminate called" in run.output:
        return f"the program called std::terminate{where} (an exception escaped a thread?)."
    if run.signal_name:
        return f"the program crashed with {run.signal_name}{where}."
    return f"the test program exited with code {run.returncode}{where}."


def retry_details(run, details):
    """The stage's details, after a line saying how a first time-out was
    re-run (time_limits.run_within), when it was."""
    retry = getattr(run, "retry", None)
    if retry is None:
        return details
    return retry.describe() + ("\n" + details if details else "")
