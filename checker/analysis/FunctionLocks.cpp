//===--- FunctionLocks.cpp - conc-tidy ------------------------------------===//
//
// Part of conc. What one function does wrong with its locks, whoever calls
// it.
//
//===----------------------------------------------------------------------===//

#include "FunctionLocks.h"
#include "AstHelpers.h"
#include "ConcurrencyModel.h"
#include "LockSummaries.h"
#include "LockTypes.h"
#include "LockUnit.h"
#include "MayThrow.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/MapVector.h"

namespace clang::tidy::conc::analysis {
namespace {

using analysis::ExitEvent;
using analysis::Finding;
using analysis::ObjectFacts;
using analysis::TrackedObject;
using analysis::stateBit;

constexpr unsigned HeldStates[] = {Locked, SharedLocked, SharedLockedTwice};

bool mayBeHeld(const ObjectFacts &Facts) {
  return llvm::any_of(HeldStates, [&](unsigned S) { return Facts.has(S); });
}

const Stmt *heldOrigin(const ObjectFacts &Facts) {
  for (unsigned S : HeldStates)
    if (Facts.has(S))
      return Facts.origin(S);
  return nullptr;
}

} // namespace

FunctionLocks::FunctionLocks(const FunctionDecl &Function, LockUnit &Unit,
                             const LockVocabulary &Vocab,
                             llvm::ArrayRef<llvm::StringRef> AcquireFunctions)
    : Function(Function), Unit(Unit), Vocab(Vocab),
      AcquireFunctions(AcquireFunctions), Pointers(Function),
      Operations(collectLockOperations(*Function.getBody(), Vocab,
                                       Unit.context())),
      Client(Vocab) {
  // The locks it touches itself or through the functions it calls, each as
  // its caller left it at the entry.
  llvm::SmallVector<TrackedObject, 4> Touched =
      Unit.summaries().sharedLocks(Function);
  if (Touched.empty())
    return;
  Client.Analysed = &Function;
  Client.Summaries = &Unit.summaries();
  Client.Recursive = &Unit.recursive();
  Client.EnterAsCallerLeft = Touched;
  Flow = analysis::runTrackedObjectFlow(Function, Unit.context(), Client);
  if (!Flow.Complete)
    return;

  // Which locks the function entered holding (its first step on some path
  // is an unlock, of a recursive lock too) and gives back locked on every
  // path: the "unlock, work, relock" of a function that requires its
  // caller's lock.
  EntersHeld = Client.UnlockedAsCallerLeft;
  for (const TrackedObject &Object : EntersHeld)
    if (analysis::keepsCallersLock(Flow, Client, Object))
      KeepsCallersLock.push_back(Object);

  sortUnlockFindings(Flow.Findings);
  findLeaks();
}

bool FunctionLocks::entersHeld(const TrackedObject &Object) const {
  return llvm::is_contained(EntersHeld, Object);
}

bool FunctionLocks::keepsCallersLock(const TrackedObject &Object) const {
  return llvm::is_contained(KeepsCallersLock, Object);
}

llvm::SmallVector<const LockOperationSite *, 2>
FunctionLocks::locksOf(const TrackedObject &Object) const {
  llvm::SmallVector<const LockOperationSite *, 2> Sites;
  for (const LockOperationSite &Site : Operations)
    if (Site.Op.K != LockOperation::Release)
      for (const Expr *Lock : Site.Op.Locks)
        if (Pointers.objectOf(Lock) == Object)
          Sites.push_back(&Site);
  return Sites;
}

void FunctionLocks::sortUnlockFindings(const std::vector<Finding> &Raw) {
  for (Finding F : Raw) {
    if (F.Kind != LockFlowClient::UnlockUnlocked) {
      Findings.push_back(F);
      continue;
    }
    if (F.Prior != nullptr) {
      // Unlocked on every path here: by a call, or by a lock that failed.
      const auto *PriorCall = dyn_cast<CallExpr>(F.Prior);
      F.Kind = PriorCall && !classifyLockCall(*PriorCall, Vocab) &&
                       PriorCall->getDirectCallee()
                   ? UnlockAfterCall
                   : UnlockAfterFailedLock;
      Findings.push_back(F);
      continue;
    }
    // Untouched since the entry on some path: the caller's lock, unless the
    // function works under it, or nobody can hold it when it is called.
    if (!F.OnEveryPath || keepsCallersLock(F.Object))
      continue;
    auto Locks = locksOf(F.Object);
    // A lock taken again after this unlock on its own path, and not before
    // it (no loop), is the "unlock, work, relock" of the caller's lock,
    // even where a later unlock hands it back for good (curl's
    // thrdq_unlink): not a lock of other paths.
    if (!Locks.empty()) {
      if (!Order)
        Order = std::make_unique<ConcurrencyModel>(
            Function, llvm::ArrayRef<ThreadStart>(), Unit.context(),
            ThreadStartVocabulary());
      llvm::erase_if(Locks, [&](const LockOperationSite *Site) {
        ProgramPoint Unlock{ProgramPoint::Spawner, F.Site};
        ProgramPoint Relock{ProgramPoint::Spawner, Site->Site};
        return Order->reaches(Unlock, Relock) && !Order->reaches(Relock, Unlock);
      });
    }
    if (!Locks.empty()) {
      F.Kind = UnlockLockedOnOtherPaths;
      F.Prior = Locks.front()->Site;
      Findings.push_back(F);
      continue;
    }
    if (F.Object.isLocalVariable()) {
      F.Kind = UnlockOfLocalNeverLocked;
      Findings.push_back(F);
      continue;
    }
    // Handed in locked by the caller (a release function), unless no caller
    // can hold it: a static of this function, a thread body's lock, a
    // global that no code of the unit locks, or one that no call site of
    // the function holds.
    const auto *Var = dyn_cast_or_null<VarDecl>(F.Object.Base);
    if (!Var || F.Object.Member || !Var->hasGlobalStorage())
      continue;
    bool NeverLockedInUnit =
        !Var->isExternallyVisible() && !Unit.mayBeLockedInUnit(*Var);
    if (!Var->isStaticLocal() && !NeverLockedInUnit &&
        Unit.callersMayHold(Function, *Var))
      continue;
    F.Kind = Var->isStaticLocal()           ? UnlockOfOwnStatic
             : Unit.threadStart(Function)   ? UnlockInThread
             : !Unit.mayBeLockedInUnit(*Var) ? UnlockNeverLockedInUnit
                                             : UnlockNotHeldByCallers;
    Findings.push_back(F);
  }
}

bool FunctionLocks::calleeMayUnlock(const CallExpr &Call,
                                    const TrackedObject &Object) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (const auto *Effects = Unit.summaries().effectsOf(*Callee))
    for (const LockEffect &Effect : *Effects)
      if (Effect.ExitStates & stateBit(Unlocked) &&
          LockSummaries::atCall(Effect.Object, Call, *Callee, &Pointers) ==
              Object)
        return true;
  return false;
}

bool FunctionLocks::isAcquireFunction(const TrackedObject &Object) {
  if (llvm::is_contained(Acquired, Object))
    return true;
  if (llvm::is_contained(NotAcquired, Object))
    return false;
  auto Decide = [&] {
    // A thread hands its locks back to nobody.
    if (Unit.threadStart(Function))
      return false;
    if (hasQualifiedNameIn(&Function, AcquireFunctions))
      return true;
    // A constructor (an RAII guard) and a destructor (an RAII "unlock here,
    // relock at scope end" helper) hand their lock to their object.
    if (isa<CXXConstructorDecl, CXXDestructorDecl>(Function))
      return true;
    // No path of its own unlocks the lock: it exists to leave it locked
    // (ggml_critical_section_start, BeginUpdate, table_enter), whatever its
    // name. A callee that may unlock it is a path that unlocks.
    bool Unlocks = llvm::any_of(Operations, [&](const LockOperationSite &S) {
      return S.Op.K == LockOperation::Release &&
             llvm::any_of(S.Op.Locks, [&](const Expr *L) {
               return Pointers.objectOf(L) == Object;
             });
    });
    if (!Unlocks)
      for (const CallExpr *Call : collectCalls(*Function.getBody()))
        if (calleeMayUnlock(*Call, Object))
          Unlocks = true;
    if (!Unlocks)
      return true;
    return Function.getIdentifier() && namesLocking(Function.getName());
  };
  bool Yes = Decide();
  (Yes ? Acquired : NotAcquired).push_back(Object);
  return Yes;
}

void FunctionLocks::findLeaks() {
  llvm::MapVector<const Stmt *, llvm::SmallVector<const ExitEvent *, 2>>
      ByOrigin;
  // Returned holding by design on some path: no guard could do that.
  llvm::SmallVector<TrackedObject, 2> HeldByDesign;
  for (const ExitEvent &Exit : Flow.Exits) {
    if (Client.isGuard(Exit.Object) || !mayBeHeld(Exit.Facts) ||
        entersHeld(Exit.Object))
      continue;
    const Stmt *Origin = heldOrigin(Exit.Facts);
    // A lock call that throws has not locked.
    if (Origin == nullptr || Origin == Exit.Site)
      continue;
    if (Exit.isExceptional())
      if (const auto *Call = dyn_cast_or_null<CallExpr>(Exit.Site))
        if (const FunctionDecl *Callee = Call->getDirectCallee();
            Callee && !analysis::mayThrow(*Callee))
          continue;
    // A function that returns holding a lock by design leaves it to a
    // caller that can name it: through a local pointer (`file->Lock()`)
    // the lock is the pointee, which outlives the function; a static of
    // the function outlives it too, but no caller can name it.
    bool LocalPointer = Exit.Object.isLocalVariable() &&
                        Exit.Object.Member == nullptr &&
                        Exit.Object.Base->getType()->isPointerType();
    bool CallerCanName =
        LocalPointer || callerCanName(Exit.Object, Function);
    if (CallerCanName && !Exit.isExceptional() &&
        isAcquireFunction(Exit.Object)) {
      HeldByDesign.push_back(Exit.Object);
      continue;
    }
    ByOrigin[Origin].push_back(&Exit);
  }

  bool Cxx = Unit.context().getLangOpts().CPlusPlus;
  auto Split = [](llvm::ArrayRef<const ExitEvent *> Exits, LockLeak &Leak) {
    for (const ExitEvent *Exit : Exits)
      (Exit->isExceptional() ? Leak.Exceptional : Leak.Normal).push_back(Exit);
  };
  // Reported when held on a normal exit, or on an exception path in C++.
  auto Worth = [&](const LockLeak &Leak) {
    return !Leak.Normal.empty() || (!Leak.Exceptional.empty() && Cxx);
  };

  // Locked by a lock operation of the function.
  for (const LockOperationSite &Site : Operations) {
    if (Site.Op.K == LockOperation::Release || Site.Op.Locks.empty())
      continue;
    std::optional<TrackedObject> Object =
        Pointers.objectOf(Site.Op.Locks.front());
    if (!Object)
      continue;
    LockLeak Leak;
    Leak.Object = *Object;
    Leak.Origin = Site.Site;
    if (auto It = ByOrigin.find(Site.Site); It != ByOrigin.end())
      Split(It->second, Leak);
    auto OnObject = [&](const LockOperationSite &S) {
      return llvm::any_of(S.Op.Locks, [&](const Expr *L) {
        return Pointers.objectOf(L) == Object;
      });
    };
    // A guard of the function owns it: an unlock and relock by hand inside
    // the guard's region is unique_lock's unlock()/lock(), spelled by hand.
    bool OwnedByGuard =
        llvm::any_of(Operations, [&](const LockOperationSite &S) {
          return !isa<CallExpr>(S.Site) && OnObject(S);
        });
    bool UnlockedByHand =
        llvm::any_of(Operations, [&](const LockOperationSite &S) {
          return S.Op.K == LockOperation::Release && !S.Op.Locks.empty() &&
                 Pointers.objectOf(S.Op.Locks.front()) == Object;
        });
    Leak.BarePair = Cxx && Site.Op.OnStandardMutex &&
                    isa<CXXMemberCallExpr>(Site.Site) && Leak.Normal.empty() &&
                    !OwnedByGuard && !llvm::is_contained(HeldByDesign, *Object) &&
                    !entersHeld(*Object) && UnlockedByHand;
    if (Leak.BarePair || Worth(Leak))
      Leaks.push_back(std::move(Leak));
  }

  // Locked by a callee (`lock_table()`) and still held on the way out. A
  // callee that unlocks on some paths and not on others leaks by itself:
  // that is found in the callee, once, not at each of its calls.
  for (const auto &[Origin, Exits] : ByOrigin) {
    const auto *Call = dyn_cast<CallExpr>(Origin);
    if (Call == nullptr || !Call->getDirectCallee() ||
        llvm::any_of(Operations,
                     [&](const LockOperationSite &S) {
                       return S.Site == Origin;
                     }) ||
        calleeMayUnlock(*Call, Exits.front()->Object))
      continue;
    LockLeak Leak;
    Leak.Object = Exits.front()->Object;
    Leak.Origin = Call;
    Leak.Callee = Call->getDirectCallee();
    Split(Exits, Leak);
    if (Worth(Leak))
      Leaks.push_back(std::move(Leak));
  }
}

} // namespace clang::tidy::conc::analysis
