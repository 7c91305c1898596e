//===--- LockOrderCheck.h - conc-tidy ---------------------------*- C++ -*-===//
//
// Part of conc. Go's rule: one global lock order; several locks at once
// through one call.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_LOCKORDERCHECK_H
#define CONC_CHECKER_CHECKS_LOCKORDERCHECK_H

#include "analysis/ConcurrencyModel.h"
#include "analysis/LockFlow.h"
#include "analysis/LockUnit.h"
#include "analysis/ThreadBodies.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::conc {

/// Builds, over a translation unit, the graph of "lock B is acquired while
/// lock A is held" from nested guards and lock calls (and from calls, while
/// holding A, into functions of the TU that acquire B), and flags every
/// cycle once: threads that follow the orders of a cycle deadlock. Also
/// flags a function that locks the same member of two objects of one type
/// (`transfer(from, to)`), which deadlocks against itself called the other
/// way round. Locks taken together by std::scoped_lock or std::lock are
/// exempt, and so is a cycle whose orders are taken only by threads that
/// never run at the same time (analysis/ConcurrencyModel.h: the first is
/// joined before the second starts, or one order is taken by the spawning
/// code before it starts the thread that takes the other).
///
/// For the user-facing documentation see: docs/checks/conc-lock-order.md
class LockOrderCheck : public ClangTidyCheck {
public:
  LockOrderCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// One "To acquired while From is held" fact, where it was first seen.
  struct Edge {
    const Stmt *HeldSite = nullptr;    ///< Where From was acquired.
    const Stmt *AcquireSite = nullptr; ///< Where To is acquired.
    const CallExpr *Call = nullptr;    ///< The call that acquires To, if any.
    const FunctionDecl *Callee = nullptr;
    /// Locks held exclusively at every acquisition of this edge, besides
    /// From: a cycle whose edges all run under one of them cannot deadlock.
    llvm::SmallVector<const ValueDecl *, 2> Gates;
    /// Every place that takes this order: the function and the
    /// acquisition (or the call that acquires). Past MaxEdgeSites, Sites
    /// is cleared and Overflow set: the order may be taken anywhere.
    llvm::SmallVector<std::pair<const FunctionDecl *, const Stmt *>, 2> Sites;
    bool Overflow = false;
  };
  struct Acquisition {
    analysis::LockKey Key;
    const Stmt *Site;
  };

  /// Every lock that a call to Function may acquire, its callees included.
  const std::vector<Acquisition> &acquiredBy(const FunctionDecl *Function,
                                             ASTContext &Ctx, unsigned Depth);
  void addEdge(analysis::LockKey From, analysis::LockKey To, const Edge &E,
               llvm::ArrayRef<analysis::HeldLock> Held);
  /// Whether every call of Function in this unit passes the two objects of
  /// a same-member pair in one order (so they are never swapped).
  bool callsKeepOneOrder(const FunctionDecl &Function,
                         const analysis::TrackedObject &First,
                         const analysis::TrackedObject &Second,
                         ASTContext &Ctx);
  void reportCycle(llvm::ArrayRef<analysis::LockKey> Cycle);
  /// Whether no two orders of the cycle can be taken at the same time:
  /// each place that takes one and each place that takes another are in
  /// the code of one spawner and its threads, and never concurrent there.
  bool ordersNeverOverlap(llvm::ArrayRef<const Edge *> CycleEdges);
  /// The model of a spawner's threads, built on first need.
  const analysis::ConcurrencyModel &modelOf(const Decl *Spawner);

  const unsigned MaxCycleLength;
  const analysis::LockVocabulary Vocab;
  /// The thread vocabulary (ThreadTypes, AsyncFunctions, ...): which
  /// threads start where, for the orders that cannot overlap.
  const analysis::ThreadStartVocabulary Threads;

  std::map<std::pair<const ValueDecl *, const ValueDecl *>, Edge> Edges;
  /// Nodes in the order they were first seen: a stable order for cycles.
  llvm::MapVector<const ValueDecl *, unsigned> Nodes;
  llvm::DenseMap<const FunctionDecl *, std::vector<Acquisition>> Acquired;
  llvm::DenseSet<const FunctionDecl *> InProgress;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::DenseSet<SourceLocation> Reported;
  /// Call sites of the unit, indexed on first need.
  std::unique_ptr<analysis::LockUnit> Unit;
  /// The thread starts of each function that starts threads, in the order
  /// they were matched, and their models.
  llvm::MapVector<const Decl *, std::vector<analysis::ThreadStart>> StartsBySpawner;
  llvm::DenseMap<const Decl *, std::unique_ptr<analysis::ConcurrencyModel>>
      Models;
  ASTContext *LastContext = nullptr;
  /// The function whose lock flow is running (whose places edges get).
  const FunctionDecl *Analysing = nullptr;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_LOCKORDERCHECK_H
