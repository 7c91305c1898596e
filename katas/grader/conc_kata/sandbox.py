"""Running learner code: a time limit, resource limits and capped output.

A deadlocked or endless program is killed with its whole process group; a
chatty one never blocks on a full pipe; a greedy one meets an address-space
limit. Deciding what a time-out *means* is time_limits.py's job.
"""

import os
import resource
import signal
import subprocess
import threading
import time

OUTPUT_CAP = 64 * 1024          # bytes of a learner program's output kept


class RunResult:
    def __init__(self, returncode, output, timed_out, seconds, truncated):
        self.returncode = returncode
        self.output = output
        self.timed_out = timed_out
        self.seconds = seconds
        self.truncated = truncated

    @property
    def signal_name(self):
        if self.returncode is not None and self.returncode < 0:
            try:
                return signal.Signals(-self.returncode).name
            except ValueError:
                return f"signal {-self.returncode}"
        return None


def _limits(address_space):
    def apply():
        os.setsid()  # the whole process group is killed on timeout
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 << 20, 256 << 20))
        if address_space:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    return apply


def run_limited(argv, timeout, env=None, cwd=None, address_space=8 << 30):
    """Runs argv with a time limit; kills its process group when it expires.

    Output (stdout and stderr together) is kept up to OUTPUT_CAP bytes; the rest
    is read and dropped so that a chatty program never blocks on a full pipe.
    ThreadSanitizer reserves terabytes of address space, so its runs pass
    address_space=None.
    """
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, cwd=cwd,
                                preexec_fn=_limits(address_space))
    except OSError as error:
        return RunResult(127, f"cannot run {argv[0]}: {error.strerror}", False, 0.0, False)
    chunks, kept = [], [0]
    truncated = [False]

    def drain():
        while True:
            data = proc.stdout.read1(65536) if hasattr(proc.stdout, "read1") else proc.stdout.read(65536)
            if not data:
                break
            room = OUTPUT_CAP - kept[0]
            if room > 0:
                chunks.append(data[:room])
                kept[0] += min(room, len(data))
            if len(data) > max(room, 0):
                truncated[0] = True

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    # A grandchild that escaped the group could hold the pipe open: do not wait for it.
    reader.join(timeout=2)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # leftovers of a finished run, if any
    except (ProcessLookupError, PermissionError):
        pass
    output = b"".join(chunks).decode(errors="replace")
    if truncated[0]:
        output += f"\n[output truncated at {OUTPUT_CAP // 1024} KiB]\n"
    return RunResult(proc.returncode, output, timed_out, time.monotonic() - start, truncated[0])
