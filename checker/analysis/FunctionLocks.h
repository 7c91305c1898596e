//===--- FunctionLocks.h - conc-tidy ----------------------------*- C++ -*-===//
//
// Part of conc. What one function does wrong with its locks, whoever calls
// it: the lock flow run from the function's entry with every lock it can
// name as its caller left it, and the findings that are bugs once the
// caller's share is known (conc-manual-lock tells them).
//
//===----------------------------------------------------------------------===//
//
// The lock flow (LockFlow) reports what it sees on the paths of one
// function: a lock taken while held, an unlock where the lock is not held,
// locks held where the function is left. Whether that is a bug depends on
// the function's place in its unit, which this file decides:
//
//   * a function whose first step on some path is an unlock enters holding
//     the lock (its caller's); when it also gives it back locked on every
//     normal exit, it works under the caller's lock ("unlock, work,
//     relock"): no finding;
//   * an unlock of a lock nobody can hold when the function is called (a
//     static of the function, a thread body's lock, a global nothing in the
//     unit locks, one no call site holds) is a finding, with the reason;
//   * a lock held on the way out is a leak, unless the function returns
//     holding it by design to a caller that can name it (an acquire
//     function: named so, by option, a constructor or destructor, or with
//     no path that unlocks it), never for a thread body.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_FUNCTIONLOCKS_H
#define CONC_CHECKER_ANALYSIS_FUNCTIONLOCKS_H

#include "analysis/ConcurrencyModel.h"
#include "analysis/LockFlow.h"
#include "analysis/LockPointers.h"
#include "analysis/TrackedObjectFlow.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <vector>

namespace clang::tidy::conc::analysis {

class LockUnit;

/// A lock still held where the function is left, grouped by the statement
/// that locked it.
struct LockLeak {
  analysis::TrackedObject Object;
  /// The lock operation or the call (to a function that locks it) that put
  /// it in its held state.
  const Stmt *Origin = nullptr;
  /// For a call: the callee that locks it; null for a lock operation.
  const FunctionDecl *Callee = nullptr;
  /// The normal exits (returns, breaks, scope ends) where it is held.
  llvm::SmallVector<const analysis::ExitEvent *, 2> Normal;
  /// The exits by an exception where it is held (C++ only).
  llvm::SmallVector<const analysis::ExitEvent *, 2> Exceptional;
  /// `m.lock()` ... `m.unlock()` by hand on a standard mutex, held only if
  /// something throws: a guard would do (C++ only).
  bool BarePair = false;
};

class FunctionLocks {
public:
  /// The findings, analysis::Finding::Kind: the lock flow's double locks and
  /// double unlocks, and its unlocks of a lock not held sorted by why.
  enum FindingKind : unsigned {
    DoubleLock = LockFlowClient::DoubleLock,
    DoubleUnlock = LockFlowClient::DoubleUnlock,
    /// After a call that unlocked it. Prior: the call.
    UnlockAfterCall = LockFlowClient::UnlockUnlocked + 1,
    /// After a lock or try-lock whose failure the code tested. Prior: it.
    UnlockAfterFailedLock,
    /// Not held on any path here, locked on other paths. Prior: its first
    /// lock operation in the function.
    UnlockLockedOnOtherPaths,
    /// A local lock, never locked here.
    UnlockOfLocalNeverLocked,
    /// Nobody can hold it when the function is called (no Prior): a static
    /// of this function, which never locks it;
    UnlockOfOwnStatic,
    /// the function runs as a thread, which starts holding no lock;
    UnlockInThread,
    /// nothing in the unit locks it (a global of internal linkage);
    UnlockNeverLockedInUnit,
    /// the function never locks it and no call of it in the unit holds it.
    UnlockNotHeldByCallers,
  };

  /// Analyses Function (a definition with a body, not dependent). Unit
  /// indexes its translation unit; AcquireFunctions are the functions that
  /// return holding their lock by design (qualified names).
  FunctionLocks(const FunctionDecl &Function, LockUnit &Unit,
                const LockVocabulary &Vocab,
                llvm::ArrayRef<llvm::StringRef> AcquireFunctions);
  FunctionLocks(const FunctionLocks &) = delete;
  FunctionLocks &operator=(const FunctionLocks &) = delete;

  /// False when the function touches no lock, or the flow could not be
  /// computed: there is nothing to report.
  bool complete() const { return Flow.Complete; }
  /// Double locks, double unlocks, unlocks of a lock not held (FindingKind),
  /// in the order the flow met them.
  llvm::ArrayRef<analysis::Finding> findings() const { return Findings; }
  /// Locks held where the function is left: first those locked by a lock
  /// operation of the function (in source order), then by its callees.
  llvm::ArrayRef<LockLeak> leaks() const { return Leaks; }
  /// The function's lock operations, in source order.
  llvm::ArrayRef<LockOperationSite> operations() const { return Operations; }

  /// Its first step on some path unlocks Object: the caller's lock.
  bool entersHeld(const analysis::TrackedObject &Object) const;
  /// Enters holding Object and gives it back locked on every normal exit.
  bool keepsCallersLock(const analysis::TrackedObject &Object) const;

private:
  void sortUnlockFindings(const std::vector<analysis::Finding> &Raw);
  void findLeaks();
  /// Whether the function returns holding Object by design.
  bool isAcquireFunction(const analysis::TrackedObject &Object);
  /// Whether the call's callee may leave Object unlocked.
  bool calleeMayUnlock(const CallExpr &Call,
                       const analysis::TrackedObject &Object) const;
  /// The lock operations (not unlocks) of the function on Object.
  llvm::SmallVector<const LockOperationSite *, 2>
  locksOf(const analysis::TrackedObject &Object) const;

  const FunctionDecl &Function;
  LockUnit &Unit;
  const LockVocabulary &Vocab;
  llvm::ArrayRef<llvm::StringRef> AcquireFunctions;
  const LockPointers Pointers;
  std::vector<LockOperationSite> Operations;
  LockFlowClient Client;
  analysis::FlowResult Flow;
  std::vector<analysis::Finding> Findings;
  std::vector<LockLeak> Leaks;
  llvm::SmallVector<analysis::TrackedObject, 2> EntersHeld, KeepsCallersLock;
  llvm::SmallVector<analysis::TrackedObject, 2> Acquired, NotAcquired;
  /// Program order in the function, for the unlocks that need it (made on
  /// first use).
  std::unique_ptr<ConcurrencyModel> Order;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_FUNCTIONLOCKS_H
