//===--- ChangedLines.h - conc-tidy ------------------------------*- C++ -*-===//
//
// Part of conc. The lines a change added or modified, from a unified diff
// (--diff FILE) or from git (--changed-since REV), so that a pull request is
// judged on what it touched.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_CHANGEDLINES_H
#define CONC_CHECKER_DRIVER_CHANGEDLINES_H

#include "driver/Findings.h"

#include "llvm/ADT/StringMap.h"

#include <optional>
#include <set>
#include <string>

namespace clang::tidy::conc {

/// Root-relative path -> the new file's changed line numbers.
using ChangedLines = llvm::StringMap<std::set<unsigned>>;

/// Parses `git diff`-style unified diff text (a/ b/ prefixes stripped).
std::optional<std::string> parseUnifiedDiff(llvm::StringRef Diff,
                                            ChangedLines &Lines);

std::optional<std::string> readDiffFile(llvm::StringRef Path,
                                        ChangedLines &Lines);

/// Runs `git diff -U0 REV` in `Root` (paths relative to it).
std::optional<std::string> changedSince(llvm::StringRef Rev,
                                        llvm::StringRef Root,
                                        ChangedLines &Lines);

/// Keeps only the findings on changed lines; returns how many were dropped.
unsigned keepChangedLines(RunResult &Result, const ChangedLines &Lines,
                          llvm::StringRef Root);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_CHANGEDLINES_H
