"""Where this build's tools are: the JSON the CMake build writes, plus the
environment overrides a learner or CI may set."""

import os


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
        grader_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self.kata_main = values.get("kata_main") or os.path.join(grader_dir, "kata_main.cpp")
        self.pch_header = os.path.join(grader_dir, "kata_pch.h")
        self.default_cache = values.get("cache_dir") or ""
