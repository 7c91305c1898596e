//===--- ProjectLockGraph.h - conc-tidy -------------------------*- C++ -*-===//
//
// Part of conc. The facts of every unit of a project (UnitFacts), merged:
// the project's functions (each from a unit that defines it), what each
// acquires through its calls, wherever they are defined, and the graph of
// "lock B is acquired while lock A is held" over the whole program. What
// CI mode reports from it: lock-order cycles that no single unit shows,
// and which per-unit findings a callee in another unit proves false.
//
//===----------------------------------------------------------------------===//
//
// Determinism: the result depends on the set of facts only, never on the
// order they were read in (a whole run and any shard split agree): units
// are sorted by path, functions by id, locks by name.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_PROJECTLOCKGRAPH_H
#define CONC_CHECKER_ANALYSIS_PROJECTLOCKGRAPH_H

#include "analysis/UnitFacts.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace clang::tidy::conc::analysis {

/// One place on a finding's path, with what happens there.
struct PathStep {
  std::string Message;
  Place Where;
};

/// A lock-order cycle that spans units.
struct LockCycle {
  std::vector<std::string> Locks; ///< ids, in the order of the cycle
  std::string Message;
  Place Where; ///< the first acquisition of the cycle
  std::vector<PathStep> Steps; ///< every acquisition and call, in order
};

class ProjectLockGraph {
public:
  /// How deep a chain of calls is followed to find what a call acquires.
  static constexpr unsigned MaxCallDepth = 8;

  /// Takes the units' facts (any order); `@unit` names become private to
  /// their unit.
  explicit ProjectLockGraph(std::vector<UnitFacts> Units);
  ~ProjectLockGraph();

  /// Cycles of at most MaxLength locks that no single unit shows all of,
  /// with no lock held at every acquisition of the cycle (a gate), found
  /// in units where conc-lock-order is enabled; at most MaxCycles.
  std::vector<LockCycle> crossUnitCycles(unsigned MaxLength = 5,
                                         unsigned MaxCycles = 100) const {
    return cycles(MaxLength, MaxCycles, /*OnlyAcrossUnits=*/true);
  }
  /// The same, and (unless OnlyAcrossUnits) the cycles one unit shows too:
  /// the picture shows every cycle.
  std::vector<LockCycle> cycles(unsigned MaxLength, unsigned MaxCycles,
                                bool OnlyAcrossUnits) const;

  /// Whether the lock acquired at AcquiredAt is released, while held, by a
  /// function that a call of the acquiring function reaches (in any unit):
  /// a "still held on a way out" of that unit's own analysis is false.
  bool releasedThroughCall(const Place &AcquiredAt) const;

  /// The graph in Graphviz's language: locks as nodes, "taken while
  /// holding" as edges labelled with one place (MapPath: how a file is
  /// shown), the edges of Cycles in red.
  void writeDot(llvm::raw_ostream &OS, const std::vector<LockCycle> &Cycles,
                llvm::function_ref<std::string(llvm::StringRef)> MapPath)
      const;

  size_t numLocks() const;
  size_t numEdges() const;

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_PROJECTLOCKGRAPH_H
