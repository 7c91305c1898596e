"""Time limits that scale with load.

A kata's "timeout" (kata.json) is the limit on an idle machine: a run that
takes longer is a deadlock or an endless loop. On a busy machine (CI on two
shared cores, a learner's laptop compiling something else) a correct program
can take longer, and calling that a deadlock would take points from a correct
solution at random. So a time-out is a verdict only when it happens twice:

1. The first run gets the idle limit.
2. When it times out, the grader measures how much slower than idle the
   machine runs right now (the slowdown: wall time over CPU time of a short
   busy loop in this thread, which gets the CPU share a learner's thread
   would get; this thread's CPU time, so that other threads of the grader do
   not count), and re-runs once with a limit scaled for it:
     - when the kata's own idle time is known (the fastest passing run of
       this kata's tests seen in this cache): MARGIN x idle time x slowdown;
     - otherwise: the idle limit x slowdown;
   never less than the idle limit, never more than MAX_SCALE times it.
3. Only a second time-out is reported as a deadlock.

A real deadlock blocks whatever the limit, so it costs one more limit's worth
of waiting; a slow-but-correct run gets the time the load took from it.
Everything that reads a clock is injected, so that the rules are unit tested
without timing (tests/katas/grader/test_time_limits.py).
"""

import fcntl
import json
import os
import time

MARGIN = 2.0          # over the kata's own idle time, scaled by the slowdown
MAX_SCALE = 8.0       # a re-run never waits longer than this times the idle limit
MAX_SLOWDOWN = 32.0   # what measure_slowdown reports at most
CALIBRATION_CPU_SECONDS = 0.05
CALIBRATION_MAX_WALL_SECONDS = 2.0


def timeout_message(seconds):
    return f"deadlock or endless loop (timed out after {seconds:g} s)"


def measure_slowdown(wall_clock=time.monotonic, cpu_clock=time.thread_time,
                     cpu_seconds=CALIBRATION_CPU_SECONDS,
                     max_wall_seconds=CALIBRATION_MAX_WALL_SECONDS):
    """How many times slower than idle a CPU-bound thread runs now: the wall
    time a fixed amount of this thread's CPU time takes, over that CPU time.
    1.0 on an idle machine; about 3 on two cores with five runnable threads.
    A machine so busy that the loop gets almost no CPU within max_wall_seconds
    reports the ratio it saw, capped at MAX_SLOWDOWN."""
    wall0, cpu0 = wall_clock(), cpu_clock()
    x = 0
    while True:
        for _ in range(2000):  # a little work between clock reads
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        cpu = cpu_clock() - cpu0
        wall = wall_clock() - wall0
        if cpu >= cpu_seconds or wall >= max_wall_seconds:
            break
    return slowdown_from(wall, cpu)


def slowdown_from(wall, cpu):
    if cpu <= 0:
        return MAX_SLOWDOWN
    return min(max(wall / cpu, 1.0), MAX_SLOWDOWN)


class IdleTimes:
    """The fastest passing run of each kata's tests seen in this cache: the
    kata's own idle time (a run only gets slower under load, so the minimum
    over runs estimates the idle time). One JSON file, shared by graders
    running in parallel (ctest -j): updates hold an flock and replace it
    atomically. Only passing runs count: a crash after 10 ms says nothing about
    how long the tests take."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "idle-times.json") if directory else None

    def _read(self):
        try:
            with open(self.path, encoding="utf-8") as f:
                data = json.load(f)
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def get(self, key):
        if not self.path:
            return None
        value = self._read().get(key)
        return float(value) if isinstance(value, (int, float)) and value > 0 else None

    def record(self, key, seconds):
        if not self.path or seconds <= 0:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self._read()
            old = data.get(key)
            if isinstance(old, (int, float)) and 0 < old <= seconds:
                return
            data[key] = round(seconds, 4)
            tmp = f"{self.path}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1, sort_keys=True)
            os.replace(tmp, self.path)


class TimeLimit:
    """The limits of one kind of run of one kata (its tests, its tests under
    ThreadSanitizer, ...): idle_limit from kata.json, idle_time from IdleTimes
    (None when unknown)."""

    def __init__(self, idle_limit, idle_time=None, retry=True):
        self.idle_limit = float(idle_limit)
        self.idle_time = idle_time
        self.retry = retry

    def retry_limit(self, slowdown):
        slowdown = max(float(slowdown), 1.0)
        if self.idle_time:
            scaled = MARGIN * self.idle_time * slowdown
        else:
            scaled = self.idle_limit * slowdown
        return min(max(self.idle_limit, scaled), self.idle_limit * MAX_SCALE)


class Retry:
    """What happened after a first time-out: the limit of the re-run, the
    slowdown it was scaled for, and how the re-run ended."""

    def __init__(self, first_limit, limit, slowdown, timed_out):
        self.first_limit = first_limit
        self.limit = limit
        self.slowdown = slowdown
        self.timed_out = timed_out

    def describe(self):
        ending = "timed out again" if self.timed_out else "it finished"
        return (f"timed out after {self.first_limit:g} s; re-run once with a limit of "
                f"{self.limit:.3g} s (the machine ran {self.slowdown:.1f}x slower than idle): "
                f"{ending}")


def run_within(limit, run, slowdown=measure_slowdown, idle_times=None, key=None):
    """Runs `run(seconds) -> RunResult` under `limit` (a TimeLimit): once, and
    once more with a load-scaled limit if the first run times out. Returns the
    last RunResult, with .retry set (a Retry, or None when there was none).
    A passing run (exit 0 within its limit) is recorded in idle_times."""
    result = run(limit.idle_limit)
    result.retry = None
    if result.timed_out and limit.retry:
        factor = slowdown()
        second_limit = limit.retry_limit(factor)
        result = run(second_limit)
        result.retry = Retry(limit.idle_limit, second_limit, factor, result.timed_out)
    if idle_times is not None and key and not result.timed_out and result.returncode == 0:
        idle_times.record(key, result.seconds)
    return result
