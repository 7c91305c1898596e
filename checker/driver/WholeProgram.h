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

#include <memory>

#include <optional>
#include <string>

namespace clang::tidy::conc {
namespace analysis {
class ProjectLockGraph;
}

/// Sorts the units' facts by unit (the order workers finished in is not
/// the report's) and drops a unit's second copy.
void orderFacts(RunResult &Result);

/// The whole-program analysis of one run, over the facts in Result.
class WholeProgram {
public:
  explicit WholeProgram(const RunResult &Result);
  ~WholeProgram();

  /// Adds the findings no single unit shows (fingerprints set), and writes
  /// the lock graph to LockGraphPath (.dot, or .svg through Graphviz's
  /// `dot`) when not empty. An error message when the graph cannot be
  /// written.
  std::optional<std::string> addFindings(RunResult &Result,
                                         llvm::StringRef Root,
                                         SourceFiles &Sources,
                                         llvm::StringRef LockGraphPath);

  /// Drops the per-unit findings that a function of another unit proves
  /// false. After finalizeFindings: a finding's fingerprint (its rank among
  /// identical ones) must not depend on which units were merged.
  void dropDisproven(RunResult &Result) const;

private:
  std::unique_ptr<analysis::ProjectLockGraph> Graph;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_WHOLEPROGRAM_H
