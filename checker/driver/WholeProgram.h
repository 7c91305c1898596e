//===--- WholeProgram.h - conc-tidy ------------------------------*- C++ -*-===//
//
// Part of conc. CI mode's whole-program step, after every unit (or every
// shard's report) is in: merges the units' facts (ProjectLockGraph) and
// adds the findings no single unit shows, drops the per-unit findings a
// function of another unit proves false, and draws the lock graph.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_WHOLEPROGRAM_H
#define CONC_CHECKER_DRIVER_WHOLEPROGRAM_H

#include "driver/Findings.h"

#include <optional>
#include <string>

namespace clang::tidy::conc {

/// Changes Result's findings as the merged facts say; writes the lock graph
/// to LockGraphPath (.dot, or .svg through Graphviz's `dot`) when not
/// empty. An error message when the graph cannot be written.
std::optional<std::string> analyseWholeProgram(RunResult &Result,
                                               llvm::StringRef Root,
                                               SourceFiles &Sources,
                                               llvm::StringRef LockGraphPath);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_WHOLEPROGRAM_H
