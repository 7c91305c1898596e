#!/usr/bin/env python3
"""conc-kata: graded exercises in C++ concurrency, rustlings-style.

A learner runs `conc-kata init DIR` once, then edits the starter files of one
kata at a time and runs `conc-kata check` (or `conc-kata watch`). Each kata is
graded in stages, each worth points:

  build   compiles with -Wall -Wextra -Werror (clang++)
  tests   the kata's GoogleTest tests pass, within a time limit
  probe   no thread is still running after the tests (a leaked thread)
  tsan    ThreadSanitizer finds nothing over repeated runs
  tidy    conc-tidy's checks for this kata are silent
  locks   the lock probe (conc-probe --locks) finds no lock-order cycle or
          lock misuse in the tests (only katas that list it)

Every run of learner code has a time limit, resource limits and capped
output: a deadlocked or endless program is killed (its whole process group)
and reported as "deadlock or endless loop (timed out after N s)".

Python 3 standard library only. The CMake build writes a launcher,
build/bin/conc-kata, that passes the paths of its compiler, conc-tidy, the
conc headers and GoogleTest to main() below.
"""

import argparse
import base64
import datetime
import fcntl
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import deadlock_picture

EXIT_OK = 0
EXIT_NOT_PASSED = 1   # graded, but not full marks
EXIT_USAGE = 2        # bad input: unknown kata, not a workspace, missing tool

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

OUTPUT_CAP = 64 * 1024          # bytes of a learner program's output kept
COMPILE_TIMEOUT = 120           # seconds for one compiler or conc-tidy run
WORKSPACE_MARK = os.path.join(".conc-kata", "workspace.json")
PROGRESS_FILE = os.path.join(".conc-kata", "progress.json")


class UsageError(Exception):
    """Bad input: printed as one line, exit code 2."""


# --------------------------------------------------------------------------
# Configuration and katas
# --------------------------------------------------------------------------

class Config:
    def __init__(self, values):
        self.katas_dir = values["katas_dir"]
        self.cxx = os.environ.get("CONC_KATA_CXX") or values.get("cxx") or "clang++-19"
        self.conc_tidy = os.environ.get("CONC_KATA_TIDY", values.get("conc_tidy") or "")
        self.conc_include = values.get("conc_include") or ""
        self.conc_sources = values.get("conc_sources") or []
        self.conc_libraries = values.get("conc_libraries") or []  # what conc_sources need
        self.conc_library = values.get("conc_library") or ""            # built libconc.so
        self.conc_tsan_library = values.get("conc_tsan_library") or ""  # built, TSan-instrumented
        self.gtest_include = values.get("gtest_include") or ""
        self.gtest_library = values.get("gtest_library") or "-lgtest"
        self.probe_library = values.get("probe_library") or ""
        self.kata_main = values.get("kata_main") or os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "kata_main.cpp")
        self.default_cache = values.get("cache_dir") or ""


class Kata:
    def __init__(self, config, name):
        self.name = name
        self.number = name.split("-", 1)[0]
        self.slug = name.split("-", 1)[1] if "-" in name else name
        self.dir = os.path.join(config.katas_dir, name)
        self.solution_dir = os.path.join(config.katas_dir, "solutions", name)
        with open(os.path.join(self.dir, "kata.json"), encoding="utf-8") as f:
            meta = json.load(f)
        self.meta = meta
        self.title = meta["title"]
        self.difficulty = meta.get("difficulty", "")
        self.files = meta["files"]
        self.checks = meta.get("checks", [])
        self.stages = [s for s in STAGE_ORDER if s in meta.get("stages", DEFAULT_STAGES)]
        # One stage, or a list when the starter's bug shows in several (all proven).
        fails = meta.get("starter_fails")
        self.starter_fails = fails if isinstance(fails, list) else [fails]
        self.timeout = float(meta.get("timeout", 10))
        self.tsan_runs = meta.get("tsan_runs")
        self.needs_libconc = "libconc" in meta.get("requires", [])

    @property
    def sources(self):
        return [f for f in self.files if f.endswith((".cpp", ".cc"))]

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
                   if re.match(r"^\d\d-[a-z0-9-]+$", d)
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


# --------------------------------------------------------------------------
# Running learner code: time limit, resource limits, capped output
# --------------------------------------------------------------------------

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


def timeout_message(seconds):
    return f"deadlock or endless loop (timed out after {seconds:g} s)"


# --------------------------------------------------------------------------
# Compiling, with a content-addressed cache
# --------------------------------------------------------------------------

class Builder:
    """Compiles kata sources; objects are cached by the hash of their inputs."""

    def __init__(self, config, cache_dir):
        self.config = config
        # Absolute: the compiler runs in the sources' directory.
        self.cache_dir = cache_dir = os.path.abspath(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
        self.compiler = self._find_compiler()
        self._library_headers = None

    def library_headers(self):
        """conc's headers (and libconc's private ones): part of every cache key,
        so that objects are rebuilt when the library changes."""
        if self._library_headers is None:
            found = []
            roots = [self.config.conc_include] + sorted(
                {os.path.dirname(src) for src in self.config.conc_sources})
            for root in filter(None, roots):
                for base, _, files in os.walk(root):
                    found += [os.path.join(base, f) for f in files if f.endswith(".h")]
            self._library_headers = sorted(found)
        return self._library_headers

    def _find_compiler(self):
        cxx = self.config.cxx
        path = cxx if os.sep in cxx else shutil.which(cxx)
        if not path or not os.access(path, os.X_OK):
            raise UsageError(f"C++ compiler not found: '{cxx}' (install clang-19, "
                             f"or set CONC_KATA_CXX to a clang++ that can build C++20)")
        return path

    def flags(self, variant, include_dirs):
        # Objects are cached across scratch directories: keep their paths relative.
        flags = ["-std=c++20", "-pthread", "-Wall", "-Wextra", "-Werror",
                 "-fdebug-compilation-dir=."]
        if variant == "tsan":
            # -O0: at -O1 clang 19 lets some racy reads of an inlined copy
            # constructor go unreported (kata 13); the tests are small anyway.
            flags += ["-fsanitize=thread", "-O0", "-g", "-fno-omit-frame-pointer"]
        else:
            flags += ["-O1", "-g1"]
        for d in include_dirs:
            flags += ["-I", d]
        if self.config.conc_include:
            flags += ["-isystem", self.config.conc_include]
        if self.config.gtest_include and self.config.gtest_include not in ("/usr/include",
                                                                           "/usr/local/include"):
            flags += ["-isystem", self.config.gtest_include]
        return flags

    def _key(self, parts):
        digest = hashlib.sha256()
        for part in parts:
            digest.update(part if isinstance(part, bytes) else str(part).encode())
            digest.update(b"\0")
        return digest.hexdigest()[:24]

    def compile(self, source, flags, dependencies, relative=True):
        """Returns (object path or None, compiler output, cached?).

        Learner sources compile with relative paths (stable cache keys, short
        names in messages, and the leak probe tells them from everything else);
        support sources keep their absolute paths.
        """
        with open(source, "rb") as f:
            parts = [self.compiler, " ".join(flags), f.read()]
        for dep in sorted(dependencies) + self.library_headers():
            with open(dep, "rb") as f:
                parts += [os.path.basename(dep), f.read()]
        key = self._key(parts)
        obj = os.path.join(self.cache_dir, "obj", key + ".o")
        if os.path.exists(obj):
            return obj, "", True
        os.makedirs(os.path.dirname(obj), exist_ok=True)
        # Graders running in parallel (ctest -j) wait for each other's compile
        # of the same object instead of repeating it.
        with open(obj + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if os.path.exists(obj):
                return obj, "", True
            return self._compile_to(source, flags, obj, relative)

    def _compile_to(self, source, flags, obj, relative):
        tmp = obj + f".{os.getpid()}.tmp"
        name = os.path.basename(source) if relative else source
        result = run_limited([self.compiler, *flags, "-c", name, "-o", tmp],
                             COMPILE_TIMEOUT, address_space=None, cwd=os.path.dirname(source))
        if result.timed_out:
            return None, f"the compiler did not finish in {COMPILE_TIMEOUT} s", False
        if result.returncode != 0:
            if os.path.exists(tmp):
                os.unlink(tmp)
            return None, result.output, False
        os.replace(tmp, obj)
        return obj, result.output, False

    def precompiled_header(self, flags):
        """GoogleTest and the usual std headers, precompiled for `flags` (cached).
        Returns the .pch path, or None when it cannot be built (then tests
        compile without it)."""
        header = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kata_pch.h")
        if not os.path.isfile(header):
            return None
        with open(header, "rb") as f:
            text = f.read()
        key = self._key([self.compiler, " ".join(flags), text, "pch"])
        pch = os.path.join(self.cache_dir, "obj", key + ".pch")
        if os.path.exists(pch):
            return pch
        os.makedirs(os.path.dirname(pch), exist_ok=True)
        with open(pch + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if os.path.exists(pch):
                return pch
            # A private copy of the header: a PCH is tied to its header's mtime.
            copy = os.path.join(self.cache_dir, "obj", key + ".h")
            with open(copy, "wb") as f:
                f.write(text)
            tmp = pch + f".{os.getpid()}.tmp"
            result = run_limited([self.compiler, *flags, "-x", "c++-header", copy, "-o", tmp],
                                 COMPILE_TIMEOUT, address_space=None)
            if result.returncode != 0:
                return None
            os.replace(tmp, pch)
            return pch

    def link(self, objects, variant, output, libraries=()):
        argv = [self.compiler, "-pthread", *objects, self.config.gtest_library, "-o", output]
        for library in libraries:
            if library.startswith("-"):
                argv.append(library)
            else:
                argv += [library, "-Wl,-rpath," + os.path.dirname(library)]
        if variant == "tsan":
            argv.insert(1, "-fsanitize=thread")
        result = run_limited(argv, COMPILE_TIMEOUT, address_space=None)
        return result.returncode == 0, result.output


# --------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------

class Stage:
    def __init__(self, name):
        self.name = name
        self.max_points = STAGES[name][0]
        self.points = 0
        self.status = "pending"
        self.message = ""
        self.details = ""
        self.seconds = 0.0

    def passed(self, message, details=""):
        self.status, self.points, self.message, self.details = "pass", self.max_points, message, details

    def failed(self, message, details=""):
        self.status, self.points, self.message, self.details = "fail", 0, message, details

    def skipped(self, message):
        # Not gradable here (a tool or check is missing): it counts neither way.
        self.status, self.points, self.max_points, self.message = "skipped", 0, 0, message

    def to_json(self):
        return {"name": self.name, "status": self.status, "points": self.points,
                "max_points": self.max_points, "message": self.message,
                "details": self.details, "seconds": round(self.seconds, 2)}


class Grade:
    def __init__(self, kata, stages):
        self.kata = kata
        self.stages = stages
        self.seconds = 0.0

    @property
    def score(self):
        return sum(s.points for s in self.stages)

    @property
    def max_score(self):
        return sum(s.max_points for s in self.stages)

    @property
    def full_marks(self):
        return all(s.status in ("pass", "skipped") for s in self.stages)

    def stage(self, name):
        return next((s for s in self.stages if s.name == name), None)

    def to_json(self):
        return {"kata": self.kata.name, "title": self.kata.title, "score": self.score,
                "max_score": self.max_score, "passed": self.full_marks,
                "seconds": round(self.seconds, 2),
                "stages": [s.to_json() for s in self.stages]}


def tsan_runs_for(kata, override):
    if override:
        return override
    if os.environ.get("CONC_KATA_TSAN_RUNS", "").isdigit():
        return int(os.environ["CONC_KATA_TSAN_RUNS"])
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        return 2
    return kata.tsan_runs or 5


def first_lines(text, count=12):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    shown = lines[:count]
    if len(lines) > count:
        shown.append(f"... ({len(lines) - count} more lines)")
    return "\n".join(shown)


def compiler_diagnostics(output, scratch):
    # Paths of the scratch copy mean nothing to the learner: show bare names.
    return output.replace(scratch + os.sep, "")


class Grader:
    def __init__(self, config, cache_dir, tsan_runs=None, log=None):
        self.config = config
        self.builder = Builder(config, cache_dir)
        self.cache_dir = self.builder.cache_dir
        self.tsan_runs = tsan_runs
        self.log = log or (lambda message: None)

    # The learner's files and the kata's own test.cpp are copied side by side
    # into a scratch directory: test.cpp's #include "x.h" must find the
    # learner's x.h, and the learner cannot edit the tests that grade them.
    def _scratch(self, kata, files_dir):
        scratch = tempfile.mkdtemp(prefix=f"{kata.name}-", dir=self.cache_dir)
        missing = []
        for name in kata.files:
            src = os.path.join(files_dir, name)
            if not os.path.isfile(src):
                missing.append(name)
                continue
            shutil.copyfile(src, os.path.join(scratch, name))
        shutil.copyfile(os.path.join(kata.dir, "test.cpp"), os.path.join(scratch, "test.cpp"))
        return scratch, missing

    def grade(self, kata, files_dir):
        started = time.monotonic()
        stages = [Stage(name) for name in kata.stages]
        grade = Grade(kata, stages)
        scratch, missing = self._scratch(kata, files_dir)
        try:
            self._grade_into(kata, scratch, missing, grade)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        grade.seconds = time.monotonic() - started
        return grade

    def _grade_into(self, kata, scratch, missing, grade):
        hint = f"Stuck? `conc-kata hint {kata.number}`."
        build, tests, probe, tsan, tidy, locks = (grade.stage(n) for n in STAGE_ORDER)
        if kata.needs_libconc and not self._has_libconc():
            # A missing part is a failure, never a skip: a build without
            # libconc cannot grade this kata, and must say so loudly.
            for stage in grade.stages:
                stage.failed("not graded: this kata needs libconc (conc/channel.h and its "
                             "sources), which this build of conc does not have (configure "
                             "with CONC_BUILD_RUNTIME=ON)")
            return

        binaries = {}
        if missing:
            reason = f"missing file(s): {', '.join(missing)} (run `conc-kata reset {kata.number}`)"
            for stage in grade.stages:
                stage.failed(reason)
            return

        # build: the plain variant, -Werror
        t0 = time.monotonic()
        self.log("build")
        ok, why = self._build(kata, scratch, "plain", binaries)
        if build:
            build.seconds = time.monotonic() - t0
            if ok:
                build.passed("compiles cleanly with -Wall -Wextra -Werror")
            else:
                build.failed("does not compile without warnings; the compiler says:\n" + why +
                             f"\n{hint}")
        if not ok:
            for stage in grade.stages:
                if stage.status == "pending":
                    stage.failed("not run: the code does not build")
            return

        # tests and probe: one run of the plain binary answers both
        report = os.path.join(scratch, "probe.json")
        results = os.path.join(scratch, "tests.json")
        env = dict(os.environ, CONC_KATA_PROBE_REPORT=report)
        t0 = time.monotonic()
        self.log("tests")
        run = run_limited([binaries["plain"], f"--gtest_output=json:{results}"],
                          kata.timeout, env=env, cwd=scratch)
        if run.timed_out and self.use_probe("plain"):  # once more, to draw who waits for whom
            run = deadlock_picture.rerun(run, [binaries["plain"], f"--gtest_output=json:{results}"],
                                         kata.timeout, env, scratch, run_limited, kata.files)
        tests_ok = self._judge_tests(kata, run, results, tests, hint)
        if tests:
            tests.seconds = time.monotonic() - t0
        if probe:
            self._judge_probe(kata, run, report, probe, hint)

        if locks:
            t0 = time.monotonic()
            self.log("locks")
            self._judge_locks(kata, scratch, binaries, locks, hint)
            locks.seconds = time.monotonic() - t0

        # tsan: its own build, repeated runs, first report wins
        if tsan:
            t0 = time.monotonic()
            self.log("tsan")
            # After a hang in the plain run, one TSan run (a lock-order report comes
            # before the hang) is enough: repeating the hang only costs time.
            self._judge_tsan(kata, scratch, binaries, tsan, hint, hung=run.timed_out)
            tsan.seconds = time.monotonic() - t0

        if tidy:
            t0 = time.monotonic()
            self.log("tidy")
            self._judge_tidy(kata, scratch, tidy, hint)
            tidy.seconds = time.monotonic() - t0
        del tests_ok

    def use_probe(self, variant):
        # The leak probe interposes pthread_create; ThreadSanitizer does too, and
        # the TSan run does not answer the leak question anyway.
        return variant == "plain" and os.path.isfile(self.config.probe_library)

    def _prebuilt_libconc(self, variant):
        path = self.config.conc_tsan_library if variant == "tsan" else self.config.conc_library
        return path if path and os.path.isfile(path) else None

    def _has_libconc(self):
        inc = self.config.conc_include
        return (bool(inc) and os.path.isfile(os.path.join(inc, "conc", "channel.h"))
                and (bool(self.config.conc_sources) or
                     bool(self._prebuilt_libconc("plain") and self._prebuilt_libconc("tsan"))))

    def _build(self, kata, scratch, variant, binaries):
        flags = self.builder.flags(variant, ["."])
        headers = [os.path.join(scratch, f) for f in kata.files if not f.endswith((".cpp", ".cc"))]
        objects, problems = [], []
        pch = self.builder.precompiled_header(self.builder.flags(variant, []))
        for source in kata.sources + ["test.cpp"]:
            source_flags = flags + ["-include-pch", pch] if source == "test.cpp" and pch else flags
            obj, output, _ = self.builder.compile(os.path.join(scratch, source), source_flags, headers)
            if obj is None:
                problems.append(first_lines(compiler_diagnostics(output, scratch), 20))
            else:
                objects.append(obj)
        # The graders' own code: kata main (and libconc's sources, when needed).
        support = [self.config.kata_main]
        prebuilt = self._prebuilt_libconc(variant) if kata.needs_libconc else None
        if kata.needs_libconc and not prebuilt:
            support += self.config.conc_sources
        for source in support:
            # conc-kata's own code and libconc: the learner's -Werror is not theirs.
            support_flags = [f for f in self.builder.flags(variant, []) if f != "-Werror"]
            if source == self.config.kata_main and self.use_probe(variant):
                support_flags.append("-DCONC_KATA_PROBE=1")
            obj, output, _ = self.builder.compile(source, support_flags, [], relative=False)
            if obj is None:
                raise UsageError(f"conc-kata could not build its own support code "
                                 f"({source}); is this build of conc complete?\n" +
                                 first_lines(output, 20))
            objects.append(obj)
        if problems:
            return False, "\n".join(problems)
        binary = os.path.join(scratch, f"kata-{variant}")
        libraries = []
        if prebuilt:
            libraries.append(prebuilt)
        if kata.needs_libconc:
            libraries += self.config.conc_libraries
        if self.use_probe(variant):
            libraries.append(self.config.probe_library)
        ok, output = self.builder.link(objects, variant, binary, libraries)
        if not ok:
            return False, "linking failed:\n" + first_lines(compiler_diagnostics(output, scratch), 20)
        binaries[variant] = binary
        return True, ""

    def _judge_tests(self, kata, run, results_path, stage, hint):
        failures, total = [], 0
        if os.path.exists(results_path):
            with open(results_path, encoding="utf-8") as f:
                try:
                    data = json.load(f)
                except ValueError:
                    data = {}
            for suite in data.get("testsuites", []):
                for case in suite.get("testsuite", []):
                    total += 1
                    if case.get("failures"):
                        text = "\n".join(x.get("failure", "") for x in case["failures"])
                        failures.append((f"{suite['name']}.{case['name']}",
                                         compiler_diagnostics(text, os.path.dirname(results_path))))
        if not stage:
            return run.returncode == 0
        if run.timed_out:
            stage.failed(timeout_message(kata.timeout) +
                         (f" in test {self._running_test(run.output)}"
                          if self._running_test(run.output) else "") +
                         f": a thread waits for something that never happens. {hint}" +
                         deadlock_picture.text(run),
                         first_lines(run.output, 30))
            return False
        if failures:
            names = ", ".join(n for n, _ in failures)
            first = first_lines(failures[0][1], 8)
            stage.failed(f"{len(failures)} of {total} tests failed: {names}\n{first}\n{hint}",
                         first_lines(run.output, 40))
            return False
        if run.returncode != 0:
            stage.failed(self._crash_message(run) + f" {hint}", first_lines(run.output, 30))
            return False
        stage.passed(f"{total} tests passed in {run.seconds:.1f} s")
        return True

    @staticmethod
    def _running_test(output):
        started = re.findall(r"^\[ RUN      \] (\S+)", output, re.MULTILINE)
        done = set(re.findall(r"^\[ +(?:OK|FAILED) +\] (\S+)", output, re.MULTILINE))
        pending = [t for t in started if t not in done]
        return pending[-1] if pending else ""

    MISUSE = ("close of closed channel", "send on closed channel",
              "negative WaitGroup counter", "lock-order inversion", "wait() on a group")

    def _crash_message(self, run):
        running = self._running_test(run.output)
        where = f" in test {running}" if running else ""
        for headline in self.MISUSE:  # libconc's misuse report names the bug
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

    def _judge_probe(self, kata, run, report_path, stage, hint):
        if run.timed_out:
            stage.failed("not checked: the tests did not finish (" +
                         timeout_message(kata.timeout) + ")")
            return
        if not os.path.exists(report_path):
            stage.failed("not checked: the test program ended before the thread check "
                         f"({self._crash_message(run)})")
            return
        with open(report_path, encoding="utf-8") as f:
            leaked = json.load(f).get("leaked", [])
        if not leaked:
            stage.passed("no thread outlived the tests")
            return
        groups = {}
        for t in leaked:  # threads started at the same place are one story
            groups.setdefault((t.get("created_by", ""), t.get("now_in", ""), t["state"]), []).append(t)
        parts = []
        for (created, now, state), threads in groups.items():
            text = f"{len(threads)} thread(s)" if len(threads) > 1 else f"thread {threads[0]['tid']}"
            text += f" in state {state}"
            if created:
                text += f", started at {created}"
            if now:
                text += f", now at {now}"
            parts.append(text)
        listing = "; ".join(parts)
        stage.failed(f"{len(leaked)} thread(s) still running after every test returned: "
                     f"{listing}. Every thread needs an owner that stops and joins it. {hint}")

    def _judge_locks(self, kata, scratch, binaries, stage, hint):
        """The tests again, with the lock probe on (CONC_PROBE_LOCKS=1 in the
        plain binary, which links libconc_probe); its findings come back as
        JSON (CONC_PROBE_LOCKS_JSON)."""
        if not self.use_probe("plain"):
            stage.failed("the lock probe (libconc_probe) is not in this build of conc: "
                         "rebuild conc with CONC_BUILD_RUNTIME=ON")
            return
        report = os.path.join(scratch, "locks.json")
        env = dict(os.environ, CONC_PROBE_LOCKS="1", CONC_PROBE_LOCKS_JSON=report,
                   CONC_KATA_PROBE_REPORT=os.path.join(scratch, "locks-probe.json"))
        run = run_limited([binaries["plain"], "--gtest_brief=1"], kata.timeout, env=env, cwd=scratch)
        if run.timed_out:
            stage.failed(timeout_message(kata.timeout) + " with the lock probe on; a deadlock "
                         "that happened is a lock-order cycle too. " + hint,
                         first_lines(run.output, 30))
            return
        try:
            with open(report, encoding="utf-8") as f:
                findings = json.load(f).get("findings", [])
        except (OSError, ValueError):
            stage.failed("not checked: the test program ended before the lock probe wrote its "
                         f"report ({self._crash_message(run)})", first_lines(run.output, 30))
            return
        if not findings:
            stage.passed("no lock-order cycle or lock misuse")
            return
        stage.failed(f"{len(findings)} lock report(s): " +
                     "; ".join(self._describe_lock_finding(f) for f in findings) +
                     f". {hint}", first_lines(run.output, 60))

    @staticmethod
    def _describe_lock_finding(finding):
        def site(stack):
            # The learner's frame: the first outside the system headers and
            # libraries (inlined std::mutex frames have bare names like "lock").
            for frame in stack:
                if not frame["file"].startswith("/usr/") and frame["line"] > 0:
                    where = os.path.basename(frame["file"])
                    return f"{frame['function']} ({where}:{frame['line']})"
            return "?"
        if finding.get("kind") != "lock-order-inversion":
            return f"{finding.get('kind')} at {site(finding.get('stack', []))}"
        steps = []
        for edge in finding["edges"]:
            test = f" in test {edge['test']}" if edge.get("test") else ""
            steps.append(f"{edge['acquired']} taken in {site(edge['acquired_stack'])} while "
                         f"holding {edge['held']}, taken in {site(edge['held_stack'])}{test}")
        return f"lock-order cycle of {len(finding['edges'])} locks: " + ", ".join(steps)

    def _judge_tsan(self, kata, scratch, binaries, stage, hint, hung=False):
        ok, why = self._build(kata, scratch, "tsan", binaries)
        if not ok:
            stage.failed("could not build with -fsanitize=thread:\n" + why)
            return
        runs = tsan_runs_for(kata, self.tsan_runs)
        env = dict(os.environ, TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 "
                   "history_size=4 report_signal_unsafe=0 strip_path_prefix=" + scratch + "/")
        env.pop("CONC_KATA_PROBE_REPORT", None)
        limit = kata.timeout * 2
        if hung:
            runs, limit = 1, kata.timeout
        for attempt in range(1, runs + 1):
            run = run_limited([binaries["tsan"], "--gtest_brief=1"], limit, env=env,
                              cwd=scratch, address_space=None)
            report = self._tsan_report(run.output, scratch)
            if report:
                stage.failed(f"ThreadSanitizer: {report['kind']} (run {attempt} of {runs})"
                             f"\n{report['summary']}\n{hint}", report["text"])
                return
            if run.timed_out:
                stage.failed(f"{timeout_message(limit)} under ThreadSanitizer "
                             f"(run {attempt} of {runs}). {hint}", first_lines(run.output, 30))
                return
            if run.returncode != 0:
                stage.failed(f"the tests failed under ThreadSanitizer (run {attempt} of {runs}): "
                             f"{self._crash_message(run)} {hint}", first_lines(run.output, 30))
                return
        stage.passed(f"no data race or lock-order inversion in {runs} runs")

    @staticmethod
    def _tsan_report(output, scratch):
        """The first ThreadSanitizer report, told in the learner's files and lines."""
        output = output.replace(scratch + os.sep, "")
        output = re.sub(re.escape(os.path.dirname(scratch)) + r"/[^/\s]+/", "", output)
        match = re.search(r"WARNING: ThreadSanitizer: ([^\n(]+)", output)
        if not match:
            return None
        start = output.rfind("==================", 0, match.start())
        block = output[start if start >= 0 else match.start():]
        end = block.find("==================", 20)
        block = block[:end] if end > 0 else block
        lines = block.splitlines()
        sites = []
        heading = re.compile(r"^\s*((?:Previous )?(?:[Aa]tomic )?(?:[Ww]rite|[Rr]ead) of size \d+)"
                             r" at \S+ by ([\w ]+?)(?: \(.*\))?:$|"
                             r"^\s*Mutex (M\d+) acquired here while holding mutex (M\d+) in "
                             r"([\w ]+?):$")
        for i, line in enumerate(lines):
            m = heading.match(line)
            if not m:
                continue
            # The first frame in the learner's or the kata's own files (relative paths).
            where = ""
            for frame in lines[i + 1:i + 30]:
                f = re.match(r"^\s*#\d+ .* (?:\./)?([^\s/.][^\s:]*):(\d+)(?::\d+)? \(", frame)
                if f:
                    where = f"{f.group(1)}:{f.group(2)}"
                    break
                if not frame.strip().startswith("#"):
                    break
            if m.group(1):
                sites.append(f"{m.group(1).lower()} by {m.group(2)}" + (f" at {where}" if where else ""))
            else:
                sites.append(f"{m.group(3)} locked while holding {m.group(4)} by {m.group(5)}" +
                             (f" at {where}" if where else ""))
        summary = "; ".join(sites[:4]) or match.group(1).strip()
        return {"kind": match.group(1).strip(), "summary": summary, "text": first_lines(block, 60)}

    def known_checks(self):
        tidy = self.config.conc_tidy
        if not tidy or not os.access(tidy, os.X_OK):
            return None
        run = run_limited([tidy, "--list-checks", "--checks=-*,conc-*"], 60, address_space=None)
        return set(re.findall(r"^\s+(conc-[a-z0-9-]+)\s*$", run.output, re.MULTILINE))

    def _judge_tidy(self, kata, scratch, stage, hint):
        # Every failure to grade is a failure of the stage, never a skip: a
        # skipped stage would turn a lost check or a broken build into a pass.
        if not kata.checks:
            stage.failed("not graded: kata.json lists a tidy stage but names no conc-tidy "
                         "check (name its checks, or leave `tidy` out of its stages)")
            return
        known = self.known_checks()
        if known is None:
            stage.failed("not graded: conc-tidy is not built (configure with "
                         "CONC_BUILD_CHECKER=ON), or cannot be run")
            return
        checks = list(kata.checks)
        unknown = [c for c in kata.checks if c not in known]
        if unknown:
            stage.failed(f"not graded: this conc-tidy does not know {', '.join(unknown)} "
                         "(`conc-tidy --list-checks` does not list it)")
            return
        # A header-only kata is analysed through the tests that include it;
        # findings in test.cpp itself are not the learner's.
        sources = [os.path.join(scratch, s) for s in kata.sources or ["test.cpp"]]
        argv = [self.config.conc_tidy, f"--checks=-*,{','.join(checks)}", "--quiet",
                f"--header-filter=^{re.escape(scratch)}/", *sources, "--", "-std=c++20",
                "-I", scratch]
        if self.config.conc_include:
            argv += ["-isystem", self.config.conc_include]
        run = run_limited(argv, COMPILE_TIMEOUT, address_space=None)
        output = compiler_diagnostics(run.output, scratch)
        findings = [f for f in re.findall(r"^(\S+:\d+:\d+): warning: (.*) \[(conc-[a-z-]+)\]$",
                                          output, re.MULTILINE)
                    if not f[0].startswith("test.cpp:")]
        if findings:
            listing = "\n".join(f"{where}: {msg} [{check}]" for where, msg, check in findings)
            docs = ", ".join(sorted({f"docs/checks/{c}.md" for _, _, c in findings}))
            stage.failed(f"conc-tidy reports {len(findings)} finding(s):\n{listing}\n"
                         f"Read {docs}. {hint}", first_lines(output, 60))
            return
        if run.returncode not in (0, 1) or re.search(r"^\S+:\d+:\d+: error:", output, re.MULTILINE):
            stage.failed("conc-tidy could not analyse the code:\n" + first_lines(output, 20))
            return
        stage.passed(f"conc-tidy is silent for {', '.join(checks)}")


# --------------------------------------------------------------------------
# Output formats
# --------------------------------------------------------------------------

def use_colour(stream):
    return stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def paint(text, code, stream=sys.stdout):
    return f"\033[{code}m{text}\033[0m" if use_colour(stream) else text


def print_grade(grade, verbose=False):
    kata = grade.kata
    print(f"{paint(kata.number, '1')} {kata.slug}: {kata.title}")
    marks = {"pass": paint("PASS", "32"), "fail": paint("FAIL", "31"),
             "skipped": paint("SKIP", "33"), "pending": "....", "error": paint("ERR ", "31")}
    for stage in grade.stages:
        head, _, rest = stage.message.partition("\n")
        points = f"{stage.points:>2}/{stage.max_points:<2}" if stage.max_points else "  -  "
        print(f"  {marks[stage.status]} {stage.name:<6} {points} {head}")
        if rest and stage.status == "fail":
            for line in rest.splitlines():
                print(f"                    {line}")
        if verbose and stage.details and stage.status == "fail":
            for line in stage.details.splitlines():
                print(f"                    | {line}")
    verdict = paint("all stages pass", "32") if grade.full_marks else paint("not yet", "31")
    print(f"  score {grade.score}/{grade.max_score} ({verdict}) in {grade.seconds:.1f} s")


def exercism_results(grade):
    """Exercism's test-runner interface, results.json version 3."""
    tests = []
    for stage in grade.stages:
        status = {"pass": "pass", "fail": "fail"}.get(stage.status)
        if status is None:
            continue
        entry = {"name": f"{stage.name}: {STAGES[stage.name][1]}", "status": status,
                 "test_code": f"conc-kata check {grade.kata.number} (stage {stage.name})",
                 "task_id": STAGE_ORDER.index(stage.name) + 1}
        if status == "fail":
            entry["message"] = stage.message
            if stage.details:
                entry["output"] = stage.details[:500]
        tests.append(entry)
    return {"version": 3, "status": "pass" if grade.full_marks else "fail", "tests": tests}


def classroom_results(grades):
    """GitHub Classroom autograding result (what autograding-grading-reporter reads)."""
    tests, max_score = [], 0
    for grade in grades:
        for stage in grade.stages:
            if stage.status == "skipped":
                continue
            max_score += stage.max_points
            tests.append({"name": f"{grade.kata.name} {stage.name}",
                          "status": "pass" if stage.status == "pass" else "fail",
                          "score": stage.points, "max_score": stage.max_points,
                          "message": stage.message,
                          "test_code": f"conc-kata check {grade.kata.number}",
                          "filename": "", "line_no": 0,
                          "execution_time": f"{stage.seconds:.2f}s"})
    status = "pass" if all(g.full_marks for g in grades) else "fail"
    return {"version": 1, "status": status, "max_score": max_score, "tests": tests}


def error_results(fmt, message):
    if fmt == "exercism":
        return {"version": 3, "status": "error", "message": message}
    if fmt == "classroom":
        return {"version": 1, "status": "error", "max_score": 0, "tests": [],
                "message": message}
    return {"error": message}


# --------------------------------------------------------------------------
# Workspace and progress
# --------------------------------------------------------------------------

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


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------

def cmd_init(config, args):
    root = os.path.abspath(args.dir or "conc-katas")
    if os.path.isfile(os.path.join(root, WORKSPACE_MARK)):
        raise UsageError(f"{root} is already a kata workspace (use `conc-kata reset NN` "
                         f"to start a kata over)")
    if os.path.exists(root) and not os.path.isdir(root):
        raise UsageError(f"{root} exists and is not a directory")
    if os.path.isdir(root) and os.listdir(root):
        raise UsageError(f"{root} is not empty: choose a new directory for the workspace")
    if os.path.realpath(root).startswith(os.path.realpath(config.katas_dir) + os.sep):
        raise UsageError("the workspace must not be inside the repository's katas/ directory")
    katas = all_katas(config)
    os.makedirs(os.path.join(root, ".conc-kata"), exist_ok=True)
    for kata in katas:
        copy_starter(kata, os.path.join(root, kata.name))
    with open(os.path.join(root, WORKSPACE_MARK), "w", encoding="utf-8") as f:
        json.dump({"version": 1, "katas_dir": config.katas_dir}, f, indent=2)
        f.write("\n")
    Workspace(root).save_progress({"version": 1, "katas": {}})
    print(f"conc-kata: {len(katas)} katas copied into {root}")
    print(f"  cd {root} && conc-kata watch     (or: conc-kata check)")
    return EXIT_OK


def progress_bar(done, total, width=30):
    filled = int(width * done / total) if total else 0
    return "[" + "#" * filled + "-" * (width - filled) + f"] {done}/{total}"


def cmd_list(config, args):
    workspace = Workspace.find(args.workspace or ".")
    katas = all_katas(config)
    progress = workspace.load_progress()["katas"]
    done = sum(1 for k in katas if progress.get(k.name, {}).get("passed"))
    if args.json:
        print(json.dumps({"done": done, "total": len(katas), "katas": [
            {"kata": k.name, "title": k.title, "difficulty": k.difficulty,
             **progress.get(k.name, {})} for k in katas]}, indent=2))
        return EXIT_OK
    print(f"Progress {progress_bar(done, len(katas))}")
    next_name = next((k.name for k in katas if not progress.get(k.name, {}).get("passed")), None)
    for kata in katas:
        entry = progress.get(kata.name, {})
        if entry.get("passed"):
            mark = paint("done", "32")
        elif entry.get("attempts"):
            mark = paint(f"{entry.get('last_score', 0):>3}/{entry.get('max_score', 0):<3}", "33")
        else:
            mark = "  -    "
        arrow = " <- next" if kata.name == next_name else ""
        print(f"  {mark:>7}  {kata.number} {kata.slug:<30} {kata.difficulty:<7} {kata.title}{arrow}")
    return EXIT_OK


def next_unsolved(katas, progress):
    return next((k for k in katas if not progress.get(k.name, {}).get("passed")), None)


def kata_in_focus(config, workspace, name, katas):
    """The kata a command means: the one named, else the one whose folder the
    learner is in, else the next unsolved one (None once every kata passes),
    as rustlings' `hint` means the current exercise."""
    if name:
        return find_kata(config, name)
    here = os.path.realpath(os.getcwd())
    for kata in katas:
        folder = os.path.realpath(workspace.kata_dir(kata))
        if here == folder or here.startswith(folder + os.sep):
            return kata
    return next_unsolved(katas, workspace.load_progress()["katas"])


def require_focus(config, workspace, args, command):
    katas = all_katas(config)
    kata = kata_in_focus(config, workspace, args.kata, katas)
    if kata is None:
        raise UsageError(f"all {len(katas)} katas pass; name one: `conc-kata {command} 05`")
    return kata


def emit(grades, args):
    fmt = args.format or ("json" if args.json else "text")
    if fmt == "text":
        for grade in grades:
            print_grade(grade, verbose=args.verbose)
    elif fmt == "json":
        data = [g.to_json() for g in grades]
        print(json.dumps(data[0] if len(data) == 1 else data, indent=2))
    elif fmt == "exercism":
        data = exercism_results(grades[0])
        out = args.output or "results.json"
        with open(out, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
        print(f"conc-kata: wrote {out} (status {data['status']})")
    elif fmt == "classroom":
        data = classroom_results(grades)
        text = json.dumps(data)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        print(text)
        github_output = os.environ.get("GITHUB_OUTPUT")
        if github_output:
            with open(github_output, "a", encoding="utf-8") as f:
                f.write("result=" + base64.b64encode(text.encode()).decode() + "\n")


def make_grader(config, cache, args, quiet):
    def log(stage):
        if not quiet and sys.stderr.isatty():
            sys.stderr.write(f"\r  grading: {stage}...   ")
            sys.stderr.flush()
    return Grader(config, cache, tsan_runs=args.tsan_runs, log=log)


def clear_log(quiet):
    if not quiet and sys.stderr.isatty():
        sys.stderr.write("\r\033[K")


def cmd_check(config, args):
    workspace = Workspace.find(args.workspace or ".")
    katas = all_katas(config)
    if args.all:
        chosen = katas
    else:
        kata = kata_in_focus(config, workspace, args.kata, katas)
        if kata is None:
            print(f"conc-kata: all {len(katas)} katas pass. Well done.")
            return EXIT_OK
        chosen = [kata]
    quiet = bool(args.json or args.format)
    grader = make_grader(config, workspace.cache_dir(), args, quiet)
    grades = []
    for kata in chosen:
        grade = grader.grade(kata, workspace.kata_dir(kata))
        clear_log(quiet)
        workspace.record(grade)
        grades.append(grade)
    emit(grades, args)
    return EXIT_OK if all(g.full_marks for g in grades) else EXIT_NOT_PASSED


def cmd_grade(config, args):
    """Grades files outside a workspace (authors, CI): `grade NN --files DIR`."""
    kata = find_kata(config, args.kata)
    files = args.files or kata.dir
    if not os.path.isdir(files):
        raise UsageError(f"{files} is not a directory")
    cache = args.cache or config.default_cache or os.path.join(tempfile.gettempdir(), "conc-kata-cache")
    quiet = bool(args.json or args.format)
    grader = make_grader(config, cache, args, quiet)
    if args.solution:
        files = solution_files(kata, grader.cache_dir)
    try:
        grade = grader.grade(kata, files)
    finally:
        if args.solution:
            shutil.rmtree(files, ignore_errors=True)
    clear_log(quiet)
    emit([grade], args)
    return EXIT_OK if grade.full_marks else EXIT_NOT_PASSED


def solution_files(kata, cache_dir):
    """A directory with the reference solution: the files it changes, the rest
    from the starter."""
    files = tempfile.mkdtemp(prefix=f"solution-{kata.name}-", dir=cache_dir)
    for name in kata.files:
        src = os.path.join(kata.solution_dir, name)
        if not os.path.isfile(src):
            src = os.path.join(kata.dir, name)
        shutil.copyfile(src, os.path.join(files, name))
    return files


def cmd_prove(config, args):
    """CI's proof of one kata: the starter fails for its intended reason and the
    solution earns full marks, the same way on every run."""
    kata = find_kata(config, args.kata)
    cache = args.cache or config.default_cache or os.path.join(tempfile.gettempdir(), "conc-kata-cache")
    grader = Grader(config, cache, tsan_runs=args.tsan_runs)
    solution = solution_files(kata, grader.cache_dir)
    try:
        problems = []
        for run in range(1, args.runs + 1):
            starter = grader.grade(kata, kata.dir)
            solved = grader.grade(kata, solution)
            print(f"run {run}: starter {starter.score}/{starter.max_score} "
                  f"({starter.seconds:.1f} s): " +
                  ", ".join(f"{s.name}={s.status}" for s in starter.stages))
            print(f"run {run}: solution {solved.score}/{solved.max_score} "
                  f"({solved.seconds:.1f} s): " +
                  ", ".join(f"{s.name}={s.status}" for s in solved.stages))
            for name in kata.starter_fails:
                intended = starter.stage(name)
                if intended is None:
                    problems.append(f"kata.json names starter_fails={name!r}, "
                                    "which is not one of its stages")
                elif intended.status == "skipped":
                    problems.append(f"run {run}: the {intended.name} stage was not graded: "
                                    f"{intended.message}")
                elif intended.status != "fail":
                    problems.append(f"run {run}: the starter passes its {intended.name} stage, "
                                    "which it must fail")
                elif run == 1:
                    print(f"  starter fails {intended.name} as intended: "
                          f"{intended.message.splitlines()[0]}")
            if not solved.full_marks:
                for stage in solved.stages:
                    if stage.status != "pass":
                        problems.append(f"run {run}: the solution fails {stage.name}: "
                                        f"{stage.message}\n{stage.details}")
    finally:
        shutil.rmtree(solution, ignore_errors=True)
    for problem in problems:
        print(f"conc-kata prove {kata.name}: FAIL: {problem}")
    if problems:
        return EXIT_NOT_PASSED
    print(f"conc-kata prove {kata.name}: OK")
    return EXIT_OK


def cmd_hint(config, args):
    workspace = Workspace.find(args.workspace or ".")
    kata = require_focus(config, workspace, args, "hint")
    return show_next_hint(workspace, kata)


def show_next_hint(workspace, kata):
    hints = kata.hints()
    progress = workspace.load_progress()
    entry = progress["katas"].setdefault(kata.name, {})
    shown = min(entry.get("hints", 0) + 1, len(hints))
    entry["hints"] = shown
    workspace.save_progress(progress)
    for i in range(shown):
        print(paint(f"Hint {i + 1} of {len(hints)}", "1") + f" ({kata.number} {kata.slug})")
        print(hints[i])
        print()
    if shown < len(hints):
        print(f"(run `conc-kata hint {kata.number}` again for the next hint)")
    else:
        print(f"(that was the last hint; `conc-kata solution {kata.number} --force` shows the "
              "reference solution)")
    return EXIT_OK


def cmd_reset(config, args):
    workspace = Workspace.find(args.workspace or ".")
    kata = find_kata(config, args.kata)
    dest = workspace.kata_dir(kata)
    if os.path.isdir(dest):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = os.path.join(workspace.root, ".conc-kata", "backup", f"{kata.name}-{stamp}")
        shutil.copytree(dest, backup)
        for name in os.listdir(dest):  # test.cpp is read-only: replace, don't write through
            path = os.path.join(dest, name)
            if os.path.isfile(path) and name in kata.files + ["README.md", "test.cpp"]:
                os.unlink(path)
        print(f"conc-kata: your previous files are saved in {backup}")
    copy_starter(kata, dest)
    print(f"conc-kata: {kata.name} is back to its starter files")
    return EXIT_OK


def cmd_solution(config, args):
    workspace = Workspace.find(args.workspace or ".")
    kata = require_focus(config, workspace, args, "solution")
    passed = workspace.load_progress()["katas"].get(kata.name, {}).get("passed")
    if not passed and not args.force:
        print(f"conc-kata: {kata.name} does not pass yet; the solution unlocks when it does "
              f"(or use --force). Try `conc-kata hint {kata.number}` first.", file=sys.stderr)
        return EXIT_NOT_PASSED
    for name in kata.files:
        path = os.path.join(kata.solution_dir, name)
        if os.path.isfile(path):
            print(paint(f"==> {kata.name}/{name} (reference solution)", "1"))
            with open(path, encoding="utf-8") as f:
                print(f.read())
    readme = os.path.join(kata.solution_dir, "NOTES.md")
    if os.path.isfile(readme):
        with open(readme, encoding="utf-8") as f:
            print(f.read())
    return EXIT_OK


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


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

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
    p = sub.add_parser("list", help="progress per kata")
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


def main(argv=None, config=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    if config is None:
        path = os.environ.get("CONC_KATA_CONFIG")
        if not path:
            print("conc-kata: not configured: run the build's bin/conc-kata "
                  "(or set CONC_KATA_CONFIG)", file=sys.stderr)
            return EXIT_USAGE
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
    fmt = getattr(args, "format", None) or ("json" if getattr(args, "json", False) else None)
    try:
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


if __name__ == "__main__":
    sys.exit(main())
