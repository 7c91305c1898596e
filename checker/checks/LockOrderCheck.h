//===--- LockOrderCheck.h - conc-tidy ---------------------------*- C++ -*-===//
//
// Part of conc. Go's rule: one global lock order; several locks at once
// through one call.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_LOCKORDERCHECK_H
#define CONC_CHECKER_CHECKS_LOCKORDERCHECK_H

#include "analysis/LockFlow.h"
#include "analysis/LockUnit.h"
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
/// exempt.
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
  };
  struct Acquisition {
    locks::LockKey Key;
    const Stmt *Site;
  };

  /// Every lock that a call to Function may acquire, its callees included.
  const std::vector<Acquisition> &acquiredBy(const FunctionDecl *Function,
                                             ASTContext &Ctx, unsigned Depth);
  void addEdge(locks::LockKey From, locks::LockKey To, const Edge &E,
               llvm::ArrayRef<locks::HeldLock> Held);
  /// Whether every call of Function in this unit passes the two objects of
  /// a same-member pair in one order (so they are never swapped).
  bool callsKeepOneOrder(const FunctionDecl &Function,
                         const analysis::TrackedObject &First,
                         const analysis::TrackedObject &Second,
                         ASTContext &Ctx);
  void reportCycle(llvm::ArrayRef<locks::LockKey> Cycle);

  const std::vector<StringRef> LockFunctions;
  const std::vector<StringRef> UnlockFunctions;
  const unsigned MaxCycleLength;
  locks::LockVocabulary Vocab;

  std::map<std::pair<const ValueDecl *, const ValueDecl *>, Edge> Edges;
  /// Nodes in the order they were first seen: a stable order for cycles.
  llvm::MapVector<const ValueDecl *, unsigned> Nodes;
  llvm::DenseMap<const FunctionDecl *, std::vector<Acquisition>> Acquired;
  llvm::DenseSet<const FunctionDecl *> InProgress;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::DenseSet<SourceLocation> Reported;
  /// Call sites of the unit, indexed on first need.
  std::unique_ptr<locks::LockUnit> Unit;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_LOCKORDERCHECK_H
