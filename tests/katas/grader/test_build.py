#!/usr/bin/env python3
"""build: compiler flags per variant, which libraries a kata links, and a
clear error when the compiler is missing (no compiling here: that is what
the kata-prove-* tests do)."""
import os
import sys
import tempfile
import unittest

import support  # noqa: F401
from conc_kata.build import Builder, has_libconc, prebuilt_libconc, uses_probe
from conc_kata.config import Config
from conc_kata.errors import UsageError


class Build(unittest.TestCase):
    def test_variants(self):
        with tempfile.TemporaryDirectory() as tmp:
            builder = Builder(Config({"katas_dir": tmp, "cxx": sys.executable,
                                      "conc_include": "/conc/include"}), tmp)
            plain = builder.flags("plain", ["."])
            tsan = builder.flags("tsan", [])
            self.assertIn("-Werror", plain)
            self.assertIn("-O1", plain)
            self.assertEqual(plain[-4:], ["-I", ".", "-isystem", "/conc/include"])
            self.assertIn("-fsanitize=thread", tsan)
            self.assertIn("-O0", tsan)   # clang 19 misses a race of kata 13 at -O1
            self.assertNotIn("-fsanitize=thread", plain)

    def test_missing_compiler_is_a_usage_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(UsageError) as caught:
                Builder(Config({"katas_dir": tmp, "cxx": "/nonexistent/clang++"}), tmp)
            self.assertIn("C++ compiler not found: '/nonexistent/clang++'", str(caught.exception))

    def test_libraries(self):
        with tempfile.TemporaryDirectory() as tmp:
            probe = os.path.join(tmp, "libconc_probe.so")
            open(probe, "w").close()
            config = Config({"katas_dir": tmp, "probe_library": probe})
            self.assertTrue(uses_probe(config, "plain"))
            self.assertFalse(uses_probe(config, "tsan"))  # TSan interposes pthread_create too
            self.assertFalse(has_libconc(config))
            os.makedirs(os.path.join(tmp, "include", "conc"))
            open(os.path.join(tmp, "include", "conc", "channel.h"), "w").close()
            plain, tsan = os.path.join(tmp, "libconc.so"), os.path.join(tmp, "libconc_tsan.a")
            config = Config({"katas_dir": tmp, "conc_include": os.path.join(tmp, "include"),
                             "conc_library": plain, "conc_tsan_library": tsan})
            self.assertFalse(has_libconc(config))   # headers without a library
            open(plain, "w").close()
            open(tsan, "w").close()
            self.assertTrue(has_libconc(config))
            self.assertEqual(prebuilt_libconc(config, "tsan"), tsan)
            self.assertEqual(prebuilt_libconc(config, "plain"), plain)


if __name__ == "__main__":
    unittest.main(verbosity=2)
