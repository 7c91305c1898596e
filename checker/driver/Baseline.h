//===--- Baseline.h - conc-tidy ----------------------------------*- C++ -*-===//
//
// Part of conc. A baseline is the set of findings a team has accepted for
// now: written once with --write-baseline, then --baseline reports only what
// is new. Findings are matched by fingerprint, so edits elsewhere in a file
// do not bring old findings back.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_BASELINE_H
#define CONC_CHECKER_DRIVER_BASELINE_H

#include "driver/Findings.h"

#include "llvm/ADT/StringSet.h"

#include <optional>
#include <string>

namespace clang::tidy::conc {

/// Reads a baseline file; an error message if it is missing or corrupt.
std::optional<std::string> readBaseline(llvm::StringRef Path,
                                        llvm::StringSet<> &Fingerprints);

/// The baseline for these findings, as JSON (fingerprints plus check, file
/// and message so that a reviewer can read it).
std::string baselineText(const RunResult &Result, llvm::StringRef Root);

/// Removes the findings whose fingerprint is in the baseline; returns how
/// many were removed.
unsigned applyBaseline(RunResult &Result, const llvm::StringSet<> &Accepted);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_BASELINE_H
