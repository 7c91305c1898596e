//===--- LockFlow.h - conc-tidy ---------------------------------*- C++ -*-===//
//
// Part of conc. Lock state on the shared flow analysis: which lock calls and
// guards there are, and which locks are held at each point of a function.
// conc-manual-lock and conc-lock-order are both clients of this one client.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_LOCKFLOW_H
#define CONC_CHECKER_ANALYSIS_LOCKFLOW_H

#include "analysis/LockPointers.h"
#include "analysis/LockStatusFlags.h"
#include "analysis/StableConditions.h"
#include "analysis/TrackedObjectFlow.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <functional>
#include <optional>
#include <vector>

namespace clang::tidy::conc::analysis {

class LockSummaries;
struct LockEffect;
class RecursiveLocks;

/// The states of a tracked lock, of a guard object (a guard is Locked
/// while it owns its mutexes), and of a lock status flag
/// (LockStatusFlags.h).
enum LockState : unsigned {
  Unlocked,
  Locked,
  SharedLocked,
  SharedLockedTwice, ///< A reader that took its read lock again (rwlocks
                     ///< count them): one unlock leaves it SharedLocked.
  AsAtEntry, ///< Untouched since the function's entry: held or not as its
             ///< caller left it (a lock the function can name but has not
             ///< locked or unlocked yet on this path).
  FlagInStep, ///< A status flag that is non-zero exactly when its lock is
              ///< held (locked, or read-locked) on this path, or whose lock
              ///< is as the caller left it.
  FlagStaleHeld,     ///< A status flag that says nothing of its lock on this
                     ///< path (the lock changed since the flag was written,
                     ///< or the flag was written a value that disagrees
                     ///< with it), where the lock is held.
  FlagStaleUnlocked, ///< The same, where the lock is not held.
  NumLockStates
};

/// What the lock checks know about lock functions and types: the defaults
/// plus the checks' options.
struct LockVocabulary {
  /// Free functions whose first argument is the lock, or methods whose
  /// object is, given as qualified names (`::port::Mutex::Lock`).
  std::vector<llvm::StringRef> LockFunctions;
  std::vector<llvm::StringRef> UnlockFunctions;
};

/// One lock operation on one or more locks.
struct LockOperation {
  enum Kind {
    Acquire,       ///< lock(), pthread_mutex_lock(), a guard's construction.
    AcquireShared, ///< lock_shared(), pthread_rwlock_rdlock().
    TryAcquire,    ///< try_lock(), pthread_mutex_trylock(): may not lock.
    Release,       ///< unlock(), unlock_shared(), pthread_*_unlock().
  } K = Acquire;
  /// The lock expressions (several for std::lock(a, b)).
  llvm::SmallVector<const Expr *, 2> Locks;
  /// std::lock / std::scoped_lock(a, b): all at once, in no order.
  bool AllAtOnce = false;
  /// `m.lock()` on a standard mutex, where a guard would do.
  bool OnStandardMutex = false;
  /// True when the call returns 0 on success and an error otherwise (the C
  /// functions); a try-lock without it returns true on success (C++).
  bool ZeroMeansLocked = false;
};

/// Classifies a call (a lock, unlock or try-lock function, by default or by
/// option). Guards are not calls: see LockFlowClient.
std::optional<LockOperation> classifyLockCall(const CallExpr &Call,
                                              const LockVocabulary &Vocab);

/// Whether a lock of this type may be locked again by its holder.
bool isRecursiveLockType(QualType T);

/// A standard RAII guard type: lock_guard, scoped_lock, unique_lock,
/// shared_lock.
bool isGuardType(QualType T);

/// A guard written by users (leveldb's and abseil's MutexLock): a
/// constructor that locks one of its arguments (directly, or the member it
/// stores it in) of a class whose destructor unlocks. The argument's index.
std::optional<unsigned> userGuardArgument(const CXXConstructorDecl &Ctor,
                                          const LockVocabulary &Vocab);

/// A lock as the lock-order graph names it: a global or static variable, or
/// a member of a class whatever object it belongs to (`Account::mu`).
struct LockKey {
  const ValueDecl *Decl = nullptr;
  bool operator==(const LockKey &O) const { return Decl == O.Decl; }
  bool operator<(const LockKey &O) const { return Decl < O.Decl; }
  explicit operator bool() const { return Decl != nullptr; }
  std::string name() const;
};
/// The key of a lock expression, if it has a stable one.
LockKey lockKeyOf(const Expr *Lock);

/// A lock held at some point, with what it is known by there.
struct HeldLock {
  LockKey Key;
  std::optional<analysis::TrackedObject> Object;
  const Expr *LockExpr = nullptr; ///< As written where it was locked.
  const Stmt *Site = nullptr;     ///< Where it was locked.
  bool Shared = false;            ///< Held for reading only.
  /// The other locks it may be (a pointer chosen among several locks).
  llvm::SmallVector<LockKey, 1> Alternatives;
};

/// Tracks locks and guards through a function on the shared analysis.
/// Hooks (all optional) see the final pass only.
class LockFlowClient : public analysis::FlowClient {
public:
  explicit LockFlowClient(const LockVocabulary &Vocab) : Vocab(Vocab) {}

  /// The kinds of the findings reported through TransferContext::report
  /// (analysis::Finding::Kind), in the final pass, for the Analysed
  /// function only.
  enum FindingKind : unsigned {
    /// A non-recursive lock locked again while it may be held. Prior: where
    /// it was locked (null: by the same statement, an earlier turn of a
    /// loop); OnEveryPath: held on every path here, or on some; Callee and
    /// CalleeSite: for a call whose callee locks it again.
    DoubleLock,
    /// Unlocked again on a path where it was unlocked already. Prior: the
    /// first unlock.
    DoubleUnlock,
    /// Unlocked where it is not held on every path: after a call that
    /// unlocked it, or a (try-)lock whose failure the code tested (Prior);
    /// or untouched since the entry on some path (Prior null: the caller's
    /// lock, or a bug; FunctionLocks decides).
    UnlockUnlocked,
  };

  /// Called at every acquisition, with the locks held just before it.
  std::function<void(const Stmt &Site, const LockOperation &Op,
                     llvm::ArrayRef<HeldLock> Held)>
      OnAcquire;
  /// Called at every call to a function that is not a lock function, with
  /// the locks held there.
  std::function<void(const CallExpr &Call, llvm::ArrayRef<HeldLock> Held)>
      OnCall;
  /// Called at every call to a function that is not a lock function, with
  /// the whole lock state before the call's effects.
  std::function<void(const CallExpr &Call, const analysis::FlowState &State)>
      BeforeCall;

  /// The function whose events the hooks and findings report: callees run
  /// for their summaries report nothing.
  const Decl *Analysed = nullptr;

  /// What calls to functions of this file do to the caller's locks (null:
  /// calls change nothing).
  LockSummaries *Summaries = nullptr;
  /// Locks made recursive by how they were initialised (null: by type only).
  const RecursiveLocks *Recursive = nullptr;
  /// Parameters fixed by the call this run summarises (`do_lock` = 0):
  /// the callee's branches on them take one way only.
  analysis::ParameterValues BoundParameters;
  const analysis::ParameterValues *boundParameters() const override {
    return BoundParameters.empty() ? nullptr : &BoundParameters;
  }
  /// Stable conditions this run assumes (a summary split by a condition
  /// over the callee's parameters): branches on them, and callees' effects
  /// that depend on them, take that way only.
  llvm::SmallVector<analysis::Guard, 1> AssumedConditions;
  llvm::ArrayRef<analysis::Guard> assumedConditions() const override {
    return AssumedConditions;
  }
  /// The conditions of callees' effects (LockEffect::Condition) that the
  /// calls wrote over this function's own parameters, in the first pass: a
  /// summary of this function may be split by them too.
  llvm::SmallVector<analysis::ParameterCondition, 1> CalleeConditions;

  /// Objects tracked from the entry in AsAtEntry (rather than untracked),
  /// so that an unlock before any lock is seen as one, and a lock taken
  /// while the caller may hold it is known as such.
  llvm::SmallVector<analysis::TrackedObject, 4> EnterAsCallerLeft;

  /// A blocking acquisition of a lock still as the caller left it: where,
  /// and in which function (this one, or a callee for a call's site).
  struct EntryAcquisition {
    analysis::TrackedObject Object;
    const Stmt *Site = nullptr;
    const FunctionDecl *In = nullptr;
  };
  /// The first one of each object, in the final pass.
  llvm::SmallVector<EntryAcquisition, 2> EntryAcquisitions;

  unsigned numStates() const override { return NumLockStates; }
  void initialize(const Decl &Function, analysis::FlowState &Entry) override;
  void transfer(const Stmt &S, analysis::TransferContext &Ctx) override;
  void refineOnBranch(const Expr &Condition, bool Value,
                      analysis::FlowState &State) override;

  /// The locks held in State (mutexes locked, guards that own theirs).
  llvm::SmallVector<HeldLock, 4> heldLocks(const analysis::FlowState &State)
      const;
  /// Whether Object is a guard variable this client knows.
  bool isGuard(const analysis::TrackedObject &Object) const;
  /// Whether the lock named by Lock may be locked again by its holder.
  bool isRecursive(const Expr *Lock) const;
  /// The object a lock expression names in the analysed function, through
  /// its local pointers.
  std::optional<analysis::TrackedObject> objectOf(const Expr *Lock) const {
    return Pointers.objectOf(Lock);
  }
  /// The lock-order names of what a lock expression may be.
  llvm::SmallVector<LockKey, 2> keysOf(const Expr *Lock) const;

private:
  struct GuardInfo {
    llvm::SmallVector<const Expr *, 2> Locks;
    const Stmt *Site = nullptr;
    bool Try = false; ///< Made with try_to_lock or a timeout: may not own.
  };
  /// The statement that put a lock in a held state was a try-lock (so the
  /// lock is held only if it succeeded, which the code may test later).
  bool isTryOrigin(const Stmt *Origin) const;
  /// Where Object, about to be acquired at Site, was locked if it may be
  /// held there (Every: on every path); null when it is not held.
  const Stmt *relockPrior(const analysis::TrackedObject &Object,
                          const analysis::FlowState &State,
                          const analysis::TrackedObject *ExceptGuard,
                          const Stmt *Site, bool *Every) const;
  /// A lock acquired at Site (blocking): a double lock if it may be held.
  /// Callee and CalleeSite: a callee that acquires it, for a call.
  void checkRelock(const Stmt &Site, const Expr *Lock,
                   const analysis::TrackedObject &Object,
                   analysis::TransferContext &Ctx,
                   const analysis::TrackedObject *ExceptGuard,
                   const FunctionDecl *Callee = nullptr,
                   const Stmt *CalleeSite = nullptr);
  void noteEntryAcquisition(const analysis::TrackedObject &Object,
                            const Stmt &Site, const FunctionDecl *In,
                            analysis::TransferContext &Ctx);
  void applyCallEffects(const CallExpr &Call, analysis::TransferContext &Ctx);
  /// A lock's facts after a call whose effect on it depends on a condition
  /// over the callee's parameters (LockEffect::Condition): the two ways,
  /// each keyed by that condition written over the call's arguments.
  analysis::ObjectFacts afterConditionalEffect(
      const LockEffect &Effect, const CallExpr &Call,
      const analysis::ObjectFacts &Before,
      llvm::function_ref<analysis::ObjectFacts(analysis::StateSet,
                                               const analysis::ObjectFacts &)>
          After,
      analysis::TransferContext &Ctx);
  bool reporting(analysis::TransferContext &Ctx) const;
  /// The guards in State that hold (or held) Object.
  llvm::SmallVector<analysis::TrackedObject, 1>
  coveringGuards(const analysis::FlowState &State,
                 const analysis::TrackedObject &Object) const;
  void acquire(const Stmt &Site, const LockOperation &Op,
               analysis::TransferContext &Ctx);
  void release(const Stmt &Site, const LockOperation &Op,
               analysis::TransferContext &Ctx);
  void transferGuardDecl(const VarDecl &Guard, const CXXConstructExpr &Init,
                         const Stmt &Site, analysis::TransferContext &Ctx,
                         std::optional<unsigned> OnlyArgument);
  void transferGuardCall(const CXXMemberCallExpr &Call,
                         analysis::TransferContext &Ctx);

  /// The statement proper; transfer() adds what it does to status flags.
  void transferStatement(const Stmt &S, analysis::TransferContext &Ctx);
  /// Lock (a lock or a guard) was changed on every path here: its status
  /// flags no longer say whether it is held, until they are written again;
  /// they remember which states the lock is left in.
  void staleStatusFlags(const analysis::TrackedObject &Lock,
                        analysis::FlowState &State) const;
  /// The statement being transferred changes every object Lock may name.
  void touched(const Expr *Lock);
  /// `flag = v;` or its declaration: in step on the paths where the lock
  /// is held and v is a non-zero constant, or not held and v is zero.
  void transferStatusFlagWrite(const Stmt &S, analysis::TransferContext &Ctx);

  /// The stable conditions of the function being transferred (made on
  /// first use).
  const analysis::StableConditions &conditionsOf(const Decl &Function);

  const LockVocabulary &Vocab;
  LockPointers Pointers;
  std::unique_ptr<analysis::StableConditions> Conditions;
  /// `locked = 1;` after each lock: flags whose tests say what is held.
  LockStatusFlags StatusFlags;
  /// The locks and guards the statement being transferred changes.
  llvm::SmallVector<analysis::TrackedObject, 2> Touched;
  llvm::DenseMap<const VarDecl *, GuardInfo> Guards;
  /// `int err = pthread_mutex_lock(&m);`: err stands for the call in the
  /// conditions that test it.
  llvm::DenseMap<const VarDecl *, const Expr *> StoredResults;
  llvm::DenseMap<const CXXConstructorDecl *, std::optional<unsigned>>
      UserGuardArgs;
  /// A call to a callee whose locks depend on its result
  /// (LockEffect::dependsOnResult): each lock's facts after the call when
  /// it returned zero and when it returned anything else, for the branch
  /// that tests the result (`if (!unlink(p, TRUE)) unlock(&p->lock);`).
  struct ResultFacts {
    analysis::TrackedObject Object;
    analysis::ObjectFacts IfZero, IfNonZero;
  };
  llvm::DenseMap<const CallExpr *, llvm::SmallVector<ResultFacts, 1>>
      FactsByResult;

public:
  /// The locks the function unlocked on some path while they were as its
  /// caller left them (the caller's lock; recursive locks included).
  llvm::SmallVector<analysis::TrackedObject, 2> UnlockedAsCallerLeft;
};

/// Every lock operation in a body (not inside lambdas), in source order;
/// guard declarations count as acquisitions of their locks.
struct LockOperationSite {
  const Stmt *Site;
  LockOperation Op;
};
std::vector<LockOperationSite> collectLockOperations(const Stmt &Body,
                                                     const LockVocabulary &V,
                                                     ASTContext &Ctx);

/// The locks of the deferred guards a body declares (`std::unique_lock
/// lk(m, std::defer_lock)`): no operation until `lk.lock()`, but locks the
/// body may take.
llvm::SmallVector<const Expr *, 2> deferredGuardLocks(const Stmt &Body);

/// Whether a lock flow's function works under its caller's hold of
/// \p Object and gives it back: its first step on some path unlocks it (the
/// caller's, from the entry), and no normal exit leaves it unlocked (the
/// "unlock, work, relock" of a function that requires its caller's lock).
bool keepsCallersLock(const analysis::FlowResult &Flow,
                      const LockFlowClient &Client,
                      const analysis::TrackedObject &Object);

/// Whether a body has a lock operation or declares a guard (a deferred
/// `unique_lock` locked later by `lk.lock()` or `std::lock(a, b)` is no
/// operation until then): the functions worth a lock flow.
bool mayTouchLocks(const Stmt &Body, const LockVocabulary &V, ASTContext &Ctx);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_LOCKFLOW_H
