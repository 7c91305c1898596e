"""Building a kata's test program: compiling with a content-addressed object
cache (shared by graders running in parallel), a precompiled header for
GoogleTest, and linking the plain or the ThreadSanitizer variant."""

import fcntl
import hashlib
import os
import shutil

from .errors import UsageError
from .report_text import compiler_diagnostics, first_lines
from .sandbox import run_limited

COMPILE_TIMEOUT = 120           # seconds for one compiler or conc-tidy run


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
        header = self.config.pch_header
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


def uses_probe(config, variant):
    # The leak probe interposes pthread_create; ThreadSanitizer does too, and
    # the TSan run does not answer the leak question anyway.
    return variant == "plain" and os.path.isfile(config.probe_library)


def prebuilt_libconc(config, variant):
    path = config.conc_tsan_library if variant == "tsan" else config.conc_library
    return path if path and os.path.isfile(path) else None


def has_libconc(config):
    inc = config.conc_include
    return (bool(inc) and os.path.isfile(os.path.join(inc, "conc", "channel.h"))
            and (bool(config.conc_sources) or
                 bool(prebuilt_libconc(config, "plain") and prebuilt_libconc(config, "tsan"))))


def build_variant(builder, kata, scratch, variant):
    """Compiles and links the kata's test program from the files in `scratch`.
    Returns (binary path, "") or (None, what the compiler or linker said)."""
    config = builder.config
    flags = builder.flags(variant, ["."])
    headers = [os.path.join(scratch, f) for f in kata.headers]
    objects, problems = [], []
    pch = builder.precompiled_header(builder.flags(variant, []))
    for source in kata.sources + ["test.cpp"]:
        source_flags = flags + ["-include-pch", pch] if source == "test.cpp" and pch else flags
        obj, output, _ = builder.compile(os.path.join(scratch, source), source_flags, headers)
        if obj is None:
            problems.append(first_lines(compiler_diagnostics(output, scratch), 20))
        else:
            objects.append(obj)
    # The graders' own code: kata main (and libconc's sources, when needed).
    support = [config.kata_main]
    prebuilt = prebuilt_libconc(config, variant) if kata.needs_libconc else None
    if kata.needs_libconc and not prebuilt:
        support += config.conc_sources
    for source in support:
        # conc-kata's own code and libconc: the learner's -Werror is not theirs.
        support_flags = [f for f in builder.flags(variant, []) if f != "-Werror"]
        if source == config.kata_main and uses_probe(config, variant):
            support_flags.append("-DCONC_KATA_PROBE=1")
        obj, output, _ = builder.compile(source, support_flags, [], relative=False)
        if obj is None:
            raise UsageError(f"conc-kata could not build its own support code "
                             f"({source}); is this build of conc complete?\n" +
                             first_lines(output, 20))
        objects.append(obj)
    if problems:
        return None, "\n".join(problems)
    binary = os.path.join(scratch, f"kata-{variant}")
    libraries = []
    if prebuilt:
        libraries.append(prebuilt)
    if kata.needs_libconc:
        libraries += config.conc_libraries
    if uses_probe(config, variant):
        libraries.append(config.probe_library)
    ok, output = builder.link(objects, variant, binary, libraries)
    if not ok:
        return None, "linking failed:\n" + first_lines(compiler_diagnostics(output, scratch), 20)
    return binary, ""
