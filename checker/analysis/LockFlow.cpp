//===--- LockFlow.cpp - conc-tidy -----------------------------------------===//
//
// Part of conc. Lock state on the shared flow analysis.
//
//===----------------------------------------------------------------------===//

#include "LockFlow.h"
#include "AstHelpers.h"
#include "LockSummaries.h"
#include "LockTypes.h"
#include "RecursiveLocks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::conc::analysis {
namespace {

using analysis::FlowState;
using analysis::ObjectFacts;
using analysis::TrackedObject;
using analysis::stateBit;

constexpr llvm::StringRef StandardMutexes[] = {
    "std::mutex",        "std::recursive_mutex",
    "std::timed_mutex",  "std::recursive_timed_mutex",
    "std::shared_mutex", "std::shared_timed_mutex"};

bool isStandardMutex(const CXXRecordDecl *Record) {
  if (Record == nullptr)
    return false;
  std::string Name = Record->getQualifiedNameAsString();
  // libstdc++ spells some of them std::__1::... or inline namespaces.
  return llvm::is_contained(StandardMutexes, llvm::StringRef(Name));
}

bool recordNameIs(QualType T, llvm::StringRef Name) {
  const auto *Record = T.getNonReferenceType()->getAsCXXRecordDecl();
  return Record && Record->getQualifiedNameAsString() == Name;
}

/// The object a lock operation is about: `m` for `m.lock()` and `&m`.
QualType lockedType(const Expr *Lock) {
  QualType T = Lock->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T;
}

const Expr *stripCleanups(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *C = dyn_cast<ExprWithCleanups>(E))
      E = C->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else
      return E;
  }
}

/// A guard constructor's argument that is a tag or a duration, not a lock.
bool isTagArgument(const Expr *Arg, llvm::StringRef &Tag) {
  QualType T = Arg->IgnoreParenImpCasts()->getType();
  if (const auto *Record = T->getAsCXXRecordDecl()) {
    std::string Name = Record->getQualifiedNameAsString();
    if (Name == "std::adopt_lock_t" || Name == "std::defer_lock_t" ||
        Name == "std::try_to_lock_t") {
      Tag = Record->getName();
      return true;
    }
    if (llvm::StringRef(Name).starts_with("std::chrono::")) {
      Tag = "try_to_lock_t"; // A timed guard may fail to lock.
      return true;
    }
  }
  return false;
}

/// `0`, or an enumerator worth 0 (`thrd_success`).
bool isZeroConstant(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Literal = dyn_cast<IntegerLiteral>(E))
    return Literal->getValue() == 0;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return Enumerator->getInitVal() == 0;
  return false;
}

constexpr analysis::StateSet HeldStates =
    stateBit(Locked) | stateBit(SharedLocked) | stateBit(SharedLockedTwice);
constexpr analysis::StateSet SharedStates =
    stateBit(SharedLocked) | stateBit(SharedLockedTwice);

bool mustBeHeld(const ObjectFacts &Facts) { return Facts.hasOnly(HeldStates); }

class OperationCollector : public RecursiveASTVisitor<OperationCollector> {
public:
  OperationCollector(const LockVocabulary &Vocab,
                     std::vector<LockOperationSite> &Out,
                     bool UserGuards = false)
      : Vocab(Vocab), Out(Out), UserGuards(UserGuards) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    if (auto Op = classifyLockCall(*Call, Vocab))
      Out.push_back({Call, *Op});
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (!Var->getInit() || Var->getType()->isReferenceType())
      return true;
    const auto *Init = dyn_cast<CXXConstructExpr>(stripCleanups(Var->getInit()));
    if (!Init)
      return true;
    if (!isGuardType(Var->getType())) {
      std::optional<unsigned> Arg =
          UserGuards ? userGuardArgument(*Init->getConstructor(), Vocab)
                     : std::nullopt;
      if (Arg && *Arg < Init->getNumArgs()) {
        LockOperation Op;
        Op.Locks.push_back(Init->getArg(*Arg));
        Out.push_back({Init, Op});
      }
      return true;
    }
    LockOperation Op;
    for (const Expr *Arg : Init->arguments()) {
      llvm::StringRef Tag;
      if (isTagArgument(Arg, Tag)) {
        if (Tag == "defer_lock_t" || Tag == "adopt_lock_t")
          return true;
        Op.K = LockOperation::TryAcquire;
        continue;
      }
      if (isGuardType(Arg->getType()))
        return true; // A move from another guard.
      if (!isNullLockType(Arg->getType()))
        Op.Locks.push_back(Arg);
    }
    Op.AllAtOnce = Op.Locks.size() > 1;
    if (!Op.Locks.empty())
      Out.push_back({Init, Op});
    return true;
  }

private:
  const LockVocabulary &Vocab;
  std::vector<LockOperationSite> &Out;
  bool UserGuards;
};

} // namespace

std::optional<LockOperation> classifyLockCall(const CallExpr &Call,
                                              const LockVocabulary &Vocab) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (Callee == nullptr || !Callee->getIdentifier())
    return std::nullopt;
  llvm::StringRef Name = Callee->getName();
  LockOperation Op;

  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const Expr *Object = Member->getImplicitObjectArgument();
    const CXXMethodDecl *Method = Member->getMethodDecl();
    // A call through a pointer to member ((owner->*Fn)(p), Fn a template
    // argument) names its callee but has no method declaration.
    if (Object == nullptr || Method == nullptr)
      return std::nullopt;
    const CXXRecordDecl *Class = Method->getParent();
    Op.Locks.push_back(Object);
    if (hasQualifiedNameIn(Callee, Vocab.LockFunctions)) {
      Op.K = LockOperation::Acquire;
      return Op;
    }
    if (hasQualifiedNameIn(Callee, Vocab.UnlockFunctions)) {
      Op.K = LockOperation::Release;
      return Op;
    }
    bool Standard = isStandardMutex(Class);
    if (!Standard && !isUserLockable(Class))
      return std::nullopt;
    Op.OnStandardMutex = Standard;
    if (Name == "lock" || Name == "Lock") {
      Op.K = LockOperation::Acquire;
    } else if (Standard && Name == "lock_shared") {
      Op.K = LockOperation::AcquireShared;
    } else if (Name == "unlock" || Name == "Unlock" ||
               (Standard && Name == "unlock_shared")) {
      Op.K = LockOperation::Release;
    } else if (Standard && Name.starts_with("try_lock")) {
      Op.K = LockOperation::TryAcquire;
      Op.OnStandardMutex = false;
    } else {
      return std::nullopt;
    }
    return Op;
  }

  if (isa<CXXOperatorCallExpr>(Call))
    return std::nullopt;
  if (Callee->isInStdNamespace() && Name == "lock" && Call.getNumArgs() >= 2) {
    Op.K = LockOperation::Acquire;
    Op.AllAtOnce = true;
    for (const Expr *Arg : Call.arguments())
      Op.Locks.push_back(Arg);
    return Op;
  }
  if (Call.getNumArgs() == 0)
    return std::nullopt;
  Op.Locks.push_back(Call.getArg(0));
  if (hasQualifiedNameIn(Callee, Vocab.LockFunctions)) {
    Op.K = LockOperation::Acquire;
    return Op;
  }
  if (hasQualifiedNameIn(Callee, Vocab.UnlockFunctions)) {
    Op.K = LockOperation::Release;
    return Op;
  }
  if (!Callee->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return std::nullopt;
  if (Name == "pthread_mutex_lock" || Name == "pthread_spin_lock" ||
      Name == "pthread_rwlock_wrlock" || Name == "mtx_lock") {
    Op.K = LockOperation::Acquire;
    Op.ZeroMeansLocked = true; // A non-zero result is an error: not locked.
  } else if (Name == "pthread_rwlock_rdlock") {
    Op.K = LockOperation::AcquireShared;
    Op.ZeroMeansLocked = true;
  } else if (Name == "pthread_mutex_unlock" || Name == "pthread_spin_unlock" ||
             Name == "pthread_rwlock_unlock" || Name == "mtx_unlock") {
    Op.K = LockOperation::Release;
  } else if (Name == "pthread_mutex_trylock" || Name == "pthread_spin_trylock" ||
             Name == "pthread_rwlock_tryrdlock" ||
             Name == "pthread_rwlock_trywrlock" ||
             Name == "pthread_mutex_timedlock" ||
             Name == "pthread_rwlock_timedrdlock" ||
             Name == "pthread_rwlock_timedwrlock" || Name == "mtx_trylock" ||
             Name == "mtx_timedlock") {
    Op.K = LockOperation::TryAcquire;
    Op.ZeroMeansLocked = true;
  } else {
    return std::nullopt;
  }
  return Op;
}

bool isRecursiveLockType(QualType T) {
  if (const auto *Record = T->getAsCXXRecordDecl()) {
    std::string Name = Record->getQualifiedNameAsString();
    return Name == "std::recursive_mutex" ||
           Name == "std::recursive_timed_mutex";
  }
  return false;
}

bool isGuardType(QualType T) {
  const auto *Record = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (Record == nullptr)
    return false;
  std::string Name = Record->getQualifiedNameAsString();
  return Name == "std::lock_guard" || Name == "std::scoped_lock" ||
         Name == "std::unique_lock" || Name == "std::shared_lock";
}

static const ParmVarDecl *parameterBehind(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref))
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<ParmVarDecl>(Ref->getDecl());
  return nullptr;
}

std::optional<unsigned> userGuardArgument(const CXXConstructorDecl &Ctor,
                                          const LockVocabulary &Vocab) {
  const CXXRecordDecl *Class = Ctor.getParent();
  const ASTContext &AST = Ctor.getASTContext();
  if (AST.getSourceManager().isInSystemHeader(Ctor.getLocation()) ||
      Ctor.isCopyOrMoveConstructor() || !Ctor.hasBody())
    return std::nullopt;
  const CXXDestructorDecl *Dtor = Class->getDestructor();
  if (Dtor == nullptr || !Dtor->hasBody())
    return std::nullopt;
  std::vector<LockOperationSite> Sites;
  OperationCollector Releases(Vocab, Sites);
  Releases.TraverseStmt(Dtor->getBody());
  if (llvm::none_of(Sites, [](const LockOperationSite &S) {
        return S.Op.K == LockOperation::Release;
      }))
    return std::nullopt;
  Sites.clear();
  OperationCollector Acquires(Vocab, Sites);
  Acquires.TraverseStmt(Ctor.getBody());
  for (const LockOperationSite &Site : Sites) {
    if (Site.Op.K != LockOperation::Acquire &&
        Site.Op.K != LockOperation::AcquireShared)
      continue;
    for (const Expr *Lock : Site.Op.Locks) {
      const ParmVarDecl *Param = parameterBehind(Lock);
      // Through the member the constructor stores it in: mu_(mu).
      if (const auto *Member =
              dyn_cast<MemberExpr>(Lock->IgnoreParenImpCasts()))
        for (const CXXCtorInitializer *Init : Ctor.inits())
          if (Init->getMember() == Member->getMemberDecl() && Init->getInit())
            Param = parameterBehind(Init->getInit());
      if (Param && Param->getFunctionScopeIndex() < Ctor.getNumParams())
        return Param->getFunctionScopeIndex();
    }
  }
  return std::nullopt;
}

LockKey lockKeyOf(const Expr *Lock) {
  const Expr *E = Lock->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (isa<FieldDecl>(Member->getMemberDecl()))
      return {Member->getMemberDecl()};
    if (const auto *Var = dyn_cast<VarDecl>(Member->getMemberDecl()))
      return {Var};
    return {};
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (Var->hasGlobalStorage())
        return {Var};
  return {};
}

std::string LockKey::name() const {
  if (const auto *Field = dyn_cast_or_null<FieldDecl>(Decl))
    return Field->getParent()->getNameAsString() + "::" +
           Field->getNameAsString();
  return Decl ? Decl->getQualifiedNameAsString() : std::string("?");
}

static LockKey keyOfObject(const TrackedObject &Object) {
  if (Object.Member)
    return {Object.Member};
  if (isa_and_nonnull<FieldDecl>(Object.Base))
    return {Object.Base};
  if (const auto *Var = dyn_cast_or_null<VarDecl>(Object.Base))
    if (Var->hasGlobalStorage())
      return {Var};
  return {};
}

const analysis::StableConditions &
LockFlowClient::conditionsOf(const Decl &Function) {
  if (!Conditions)
    Conditions = std::make_unique<analysis::StableConditions>(
        cast<FunctionDecl>(Function), Function.getASTContext());
  return *Conditions;
}

void LockFlowClient::initialize(const Decl &Function, FlowState &Entry) {
  Conditions.reset();
  if (const auto *F = dyn_cast<FunctionDecl>(&Function)) {
    Pointers = LockPointers(*F);
    if (const Stmt *Body = F->getBody())
      StatusFlags =
          LockStatusFlags(*Body, Vocab, Pointers, F->getASTContext());
  }
  for (const TrackedObject &Object : EnterAsCallerLeft)
    Entry.set(Object, AsAtEntry, nullptr);
}

llvm::SmallVector<LockKey, 2>
LockFlowClient::keysOf(const Expr *Lock) const {
  llvm::SmallVector<LockKey, 2> Keys;
  for (const TrackedObject &Object : Pointers.mayBe(Lock))
    if (LockKey Key = keyOfObject(Object); Key && !llvm::is_contained(Keys, Key))
      Keys.push_back(Key);
  if (Keys.empty())
    if (LockKey Key = lockKeyOf(Lock))
      Keys.push_back(Key);
  return Keys;
}

bool LockFlowClient::reporting(analysis::TransferContext &Ctx) const {
  return Ctx.isFinalPass() && &Ctx.function() == Analysed;
}

bool LockFlowClient::isRecursive(const Expr *Lock) const {
  return isRecursiveLockType(lockedType(Lock)) ||
         (Recursive && Recursive->contains(Lock));
}

bool LockFlowClient::isTryOrigin(const Stmt *Origin) const {
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Origin)) {
    if (auto Op = classifyLockCall(*Call, Vocab))
      return Op->K == LockOperation::TryAcquire;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      if (const CXXMethodDecl *Method = Member->getMethodDecl();
          Method && Method->getIdentifier() &&
          Method->getName().starts_with("try_lock"))
        return true;
    return false;
  }
  for (const auto &[Var, Info] : Guards)
    if (Info.Site == Origin)
      return Info.Try;
  return false;
}

void LockFlowClient::noteEntryAcquisition(const TrackedObject &Object,
                                          const Stmt &Site,
                                          const FunctionDecl *In,
                                          analysis::TransferContext &Ctx) {
  if (!Ctx.isFinalPass() || &Ctx.function() != Analysed)
    return;
  const ObjectFacts *Facts = Ctx.state().lookup(Object);
  if (!Facts || !Facts->has(AsAtEntry))
    return;
  for (const EntryAcquisition &E : EntryAcquisitions)
    if (E.Object == Object)
      return;
  EntryAcquisitions.push_back({Object, &Site, In});
}

const Stmt *LockFlowClient::relockPrior(const TrackedObject &Object,
                                       const FlowState &State,
                                       const TrackedObject *ExceptGuard,
                                       const Stmt *Site, bool *Every) const {
  // Held by hand on every path, or on some path since a blocking lock (a
  // try-lock whose result is not tested here may have failed).
  auto Relocked = [&](const ObjectFacts &Facts, analysis::StateSet Held,
                      const Stmt *&Prior, bool &All) {
    if (!(Facts.States & Held))
      return false;
    unsigned S = Facts.has(Locked)         ? Locked
                 : Facts.has(SharedLocked) ? SharedLocked
                                           : SharedLockedTwice;
    Prior = Facts.origin(S);
    All = Facts.hasOnly(Held);
    // On some paths only: not after a try-lock whose result may be tested
    // later, and not the same lock from an earlier loop turn (a condition
    // true on one turn only, `if (i == 0) lock(&m)`; a lock in a loop with
    // no unlock is reported where the lock leaves the function).
    return All || (!isTryOrigin(Prior) && Prior != Site);
  };
  const Stmt *Prior = nullptr;
  bool All = true;
  if (const ObjectFacts *Facts = State.lookup(Object);
      Facts && Relocked(*Facts, HeldStates, Prior, All)) {
    if (Every)
      *Every = All;
    return Prior ? Prior : Site;
  }
  for (const FlowState::Entry &Entry : State.objects()) {
    if (!isGuard(Entry.first) || (ExceptGuard && Entry.first == *ExceptGuard))
      continue;
    for (const Expr *Guarded :
         Guards.find(cast<VarDecl>(Entry.first.Base))->second.Locks)
      if (objectOf(Guarded) == Object &&
          Relocked(Entry.second, stateBit(Locked), Prior, All)) {
        if (Every)
          *Every = All;
        return Prior ? Prior : Site;
      }
  }
  return nullptr;
}

void LockFlowClient::checkRelock(const Stmt &Site, const Expr *Lock,
                                 const TrackedObject &Object,
                                 analysis::TransferContext &Ctx,
                                 const TrackedObject *ExceptGuard,
                                 const FunctionDecl *Callee,
                                 const Stmt *CalleeSite) {
  if (!reporting(Ctx) || (Lock && isRecursive(Lock)))
    return;
  bool Every = true;
  const Stmt *Prior =
      relockPrior(Object, Ctx.state(), ExceptGuard, &Site, &Every);
  if (Prior == nullptr)
    return;
  analysis::Finding F;
  F.Kind = DoubleLock;
  F.Object = Object;
  F.Site = &Site;
  F.Prior = Prior == &Site ? nullptr : Prior;
  F.OnEveryPath = Every;
  F.Callee = Callee;
  F.CalleeSite = CalleeSite;
  Ctx.report(F);
}

bool LockFlowClient::isGuard(const TrackedObject &Object) const {
  const auto *Var = dyn_cast_or_null<VarDecl>(Object.Base);
  return Var && !Object.Member && Guards.count(Var);
}

llvm::SmallVector<HeldLock, 4>
LockFlowClient::heldLocks(const FlowState &State) const {
  llvm::SmallVector<HeldLock, 4> Held;
  for (const FlowState::Entry &Entry : State.objects()) {
    const TrackedObject &Object = Entry.first;
    const ObjectFacts &Facts = Entry.second;
    if (isGuard(Object)) {
      if (!Facts.has(Locked))
        continue;
      const GuardInfo &Info = Guards.find(cast<VarDecl>(Object.Base))->second;
      bool Shared = Object.Base && isa<VarDecl>(Object.Base) &&
                    recordNameIs(cast<VarDecl>(Object.Base)->getType(),
                                 "std::shared_lock");
      for (const Expr *Lock : Info.Locks) {
        llvm::SmallVector<LockKey, 2> Keys = keysOf(Lock);
        HeldLock H{Keys.empty() ? LockKey() : Keys.front(), objectOf(Lock),
                   Lock, Facts.origin(Locked), Shared, {}};
        H.Alternatives.append(Keys.begin() + (Keys.empty() ? 0 : 1),
                              Keys.end());
        Held.push_back(H);
      }
      continue;
    }
    for (unsigned State : {Locked, SharedLocked, SharedLockedTwice})
      if (Facts.has(State)) {
        HeldLock H{keyOfObject(Object), Object, nullptr, Facts.origin(State),
                   State != Locked, {}};
        // A pointer chosen among locks: any of them.
        for (const TrackedObject &Target : Pointers.targetsOf(Object))
          if (LockKey Key = keyOfObject(Target)) {
            if (!H.Key)
              H.Key = Key;
            else if (!(H.Key == Key))
              H.Alternatives.push_back(Key);
          }
        Held.push_back(H);
        break;
      }
  }
  return Held;
}

llvm::SmallVector<TrackedObject, 1>
LockFlowClient::coveringGuards(const FlowState &State,
                               const TrackedObject &Object) const {
  llvm::SmallVector<TrackedObject, 1> Covering;
  for (const FlowState::Entry &Entry : State.objects())
    if (isGuard(Entry.first))
      for (const Expr *Lock :
           Guards.find(cast<VarDecl>(Entry.first.Base))->second.Locks)
        if (objectOf(Lock) == Object)
          Covering.push_back(Entry.first);
  return Covering;
}

void LockFlowClient::acquire(const Stmt &Site, const LockOperation &Op,
                             analysis::TransferContext &Ctx) {
  FlowState &State = Ctx.state();
  if (Ctx.isFinalPass() && OnAcquire && &Ctx.function() == Analysed)
    OnAcquire(Site, Op, heldLocks(State));
  for (const Expr *Lock : Op.Locks) {
    touched(Lock);
    std::optional<TrackedObject> Object = objectOf(Lock);
    if (!Object)
      continue;
    if (Op.K != LockOperation::TryAcquire) {
      // Two readers of one rwlock do not wait for each other.
      const ObjectFacts *Facts = State.lookup(*Object);
      if (!(Op.K == LockOperation::AcquireShared && Facts &&
            Facts->hasOnly(SharedStates)))
        checkRelock(Site, Lock, *Object, Ctx, nullptr);
      if (!isRecursive(Lock))
        noteEntryAcquisition(*Object, Site,
                             dyn_cast<FunctionDecl>(&Ctx.function()), Ctx);
    }
    // Relocking, by hand, a mutex that a guard owns and that was unlocked
    // by hand: the guard owns it again.
    if (Op.K != LockOperation::TryAcquire) {
      bool ToGuard = false;
      for (const TrackedObject &Guard : coveringGuards(State, *Object))
        if (State.lookup(Guard)->has(Unlocked)) {
          State.set(Guard, Locked, &Site);
          ToGuard = true;
        }
      if (ToGuard)
        continue;
    }
    const ObjectFacts *Facts = State.lookup(*Object);
    if (Op.K == LockOperation::TryAcquire) {
      // Held or not, but no longer as the caller left it.
      State.set(*Object, Locked, &Site);
      State.add(*Object, Unlocked, &Site);
    } else if (Op.K == LockOperation::AcquireShared && Facts &&
               Facts->hasOnly(SharedStates)) {
      State.set(*Object, SharedLockedTwice, &Site);
    } else {
      State.set(*Object,
                Op.K == LockOperation::AcquireShared ? SharedLocked : Locked,
                &Site);
    }
  }
}

void LockFlowClient::release(const Stmt &Site, const LockOperation &Op,
                             analysis::TransferContext &Ctx) {
  FlowState &State = Ctx.state();
  for (const Expr *Lock : Op.Locks) {
    touched(Lock);
    std::optional<TrackedObject> Object = objectOf(Lock);
    if (!Object)
      continue;
    // Unlocking by hand a mutex that a guard owns: the guard no longer
    // does, until it is locked again.
    bool FromGuard = false;
    for (const TrackedObject &Guard : coveringGuards(State, *Object))
      if (State.lookup(Guard)->has(Locked)) {
        State.set(Guard, Unlocked, &Site);
        FromGuard = true;
      }
    if (FromGuard)
      continue;
    const ObjectFacts *Facts = State.lookup(*Object);
    if (Facts && Facts->hasOnly(stateBit(SharedLockedTwice))) {
      State.set(*Object, SharedLocked, &Site);
      continue;
    }
    if (Facts && Facts->has(AsAtEntry) &&
        !llvm::is_contained(UnlockedAsCallerLeft, *Object))
      UnlockedAsCallerLeft.push_back(*Object);
    if (Facts && (Facts->has(Unlocked) || Facts->has(AsAtEntry)) &&
        reporting(Ctx) && !isRecursive(Lock)) {
      // Unlocked already on some path; or untouched since the entry on
      // some path (the caller's lock, or a bug: the client decides).
      const Stmt *Prior = Facts->has(Unlocked) ? Facts->origin(Unlocked)
                                               : nullptr;
      const auto *PriorCall = dyn_cast_or_null<CallExpr>(Prior);
      std::optional<LockOperation> PriorOp;
      if (PriorCall)
        PriorOp = classifyLockCall(*PriorCall, Vocab);
      analysis::Finding F;
      F.Object = *Object;
      F.Site = &Site;
      F.OnEveryPath =
          Facts->hasOnly(stateBit(Unlocked) | stateBit(AsAtEntry));
      if (PriorOp && PriorOp->K == LockOperation::Release) {
        F.Kind = DoubleUnlock;
        F.Prior = Prior;
        Ctx.report(F);
      } else if (Facts->has(AsAtEntry) || F.OnEveryPath) {
        F.Kind = UnlockUnlocked;
        F.Prior = Facts->has(AsAtEntry) ? nullptr : Prior;
        Ctx.report(F);
      }
    }
    State.set(*Object, Unlocked, &Site);
  }
}

void LockFlowClient::transferGuardDecl(const VarDecl &Guard,
                                       const CXXConstructExpr &Init,
                                       const Stmt &Site,
                                       analysis::TransferContext &Ctx,
                                       std::optional<unsigned> OnlyArgument) {
  TrackedObject GuardObject{&Guard, nullptr};
  Touched.push_back(GuardObject);
  GuardInfo Info;
  Info.Site = &Site;
  LockOperation Op;
  bool Deferred = false, Adopted = false;
  for (unsigned I = 0; I < Init.getNumArgs(); ++I) {
    const Expr *Arg = Init.getArg(I);
    if (OnlyArgument && I != *OnlyArgument)
      continue;
    llvm::StringRef Tag;
    if (isTagArgument(Arg, Tag)) {
      Deferred |= Tag == "defer_lock_t";
      Adopted |= Tag == "adopt_lock_t";
      if (Tag == "try_to_lock_t")
        Op.K = LockOperation::TryAcquire;
      continue;
    }
    if (isGuardType(Arg->getType())) {
      // unique_lock b(std::move(a)): b takes over a's locks and state.
      std::optional<TrackedObject> From = objectOf(Arg);
      const auto *FromVar =
          From ? dyn_cast_or_null<VarDecl>(From->Base) : nullptr;
      if (FromVar && Guards.count(FromVar)) {
        Touched.push_back(*From);
        Guards[&Guard] = Guards[FromVar];
        if (const ObjectFacts *Facts = Ctx.state().lookup(*From)) {
          ObjectFacts Copy = *Facts;
          Ctx.state().setFacts(GuardObject, Copy);
        }
        Ctx.state().erase(*From);
      }
      return;
    }
    if (isNullLockType(Arg->getType()))
      continue;
    Info.Locks.push_back(Arg);
    touched(Arg);
  }
  if (Info.Locks.empty())
    return;
  Info.Try = Op.K == LockOperation::TryAcquire;
  Guards[&Guard] = Info;
  if (Adopted) // The guard now owns a lock taken by hand: its duty now.
    for (const Expr *Lock : Info.Locks)
      if (std::optional<TrackedObject> Object = objectOf(Lock))
        Ctx.state().erase(*Object);
  if (Deferred) {
    Ctx.state().set(GuardObject, Unlocked, &Site);
    return;
  }
  if (!Adopted) {
    Op.Locks = Info.Locks;
    Op.AllAtOnce = Info.Locks.size() > 1;
    // The guard's locks are acquired like manual ones (double lock, order),
    // but their state is the guard's: they are released with it.
    if (Ctx.isFinalPass() && OnAcquire && &Ctx.function() == Analysed)
      OnAcquire(Site, Op, heldLocks(Ctx.state()));
    if (Op.K != LockOperation::TryAcquire)
      for (const Expr *Lock : Op.Locks)
        if (std::optional<TrackedObject> Object =
                objectOf(Lock)) {
          checkRelock(Site, Lock, *Object, Ctx, &GuardObject);
          if (!isRecursive(Lock))
            noteEntryAcquisition(*Object, Site,
                                 dyn_cast<FunctionDecl>(&Ctx.function()),
                                 Ctx);
        }
  }
  Ctx.state().set(GuardObject, Locked, &Site);
  if (Op.K == LockOperation::TryAcquire)
    Ctx.state().add(GuardObject, Unlocked, &Site);
}

void LockFlowClient::transferGuardCall(const CXXMemberCallExpr &Call,
                                       analysis::TransferContext &Ctx) {
  std::optional<TrackedObject> Guard =
      objectOf(Call.getImplicitObjectArgument());
  if (!Guard || !isGuard(*Guard))
    return;
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (Method == nullptr || !Method->getIdentifier())
    return;
  llvm::StringRef Name = Method->getName();
  const GuardInfo &Info = Guards.find(cast<VarDecl>(Guard->Base))->second;
  Touched.push_back(*Guard);
  for (const Expr *Lock : Info.Locks)
    touched(Lock);
  if (Name == "lock" || Name == "lock_shared") {
    LockOperation Op;
    Op.Locks = Info.Locks;
    if (Ctx.isFinalPass() && OnAcquire && &Ctx.function() == Analysed)
      OnAcquire(Call, Op, heldLocks(Ctx.state()));
    // A deferred (or unlocked) guard's lock() blocks on its mutexes like a
    // lock by hand: held there by hand or by another guard, it deadlocks.
    for (const Expr *Lock : Info.Locks)
      if (std::optional<TrackedObject> Object = objectOf(Lock)) {
        checkRelock(Call, Lock, *Object, Ctx, &*Guard);
        if (!isRecursive(Lock))
          noteEntryAcquisition(*Object, Call,
                               dyn_cast<FunctionDecl>(&Ctx.function()), Ctx);
      }
    Ctx.state().set(*Guard, Locked, &Call);
  } else if (Name.starts_with("try_lock")) {
    Ctx.state().add(*Guard, Locked, &Call);
  } else if (Name == "unlock" || Name == "unlock_shared") {
    Ctx.state().set(*Guard, Unlocked, &Call);
  } else if (Name == "release") {
    Ctx.state().erase(*Guard);
  }
}

void LockFlowClient::transfer(const Stmt &S, analysis::TransferContext &Ctx) {
  if (StatusFlags.empty()) {
    transferStatement(S, Ctx);
    return;
  }
  transferStatusFlagWrite(S, Ctx);
  Touched.clear();
  transferStatement(S, Ctx);
  for (const TrackedObject &Lock : Touched)
    staleStatusFlags(Lock, Ctx.state());
}

void LockFlowClient::transferStatement(const Stmt &S,
                                       analysis::TransferContext &Ctx) {
  // A variable that holds a lock call's result until it is assigned again.
  if (const auto *Assign = dyn_cast<BinaryOperator>(&S);
      Assign && Assign->isAssignmentOp())
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
      StoredResults.erase(dyn_cast<VarDecl>(Ref->getDecl()));
  if (const auto *Decls = dyn_cast<DeclStmt>(&S)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->hasLocalStorage() && Var->getInit())
        if (const auto *Call =
                dyn_cast<CallExpr>(Var->getInit()->IgnoreParenImpCasts()))
          if (classifyLockCall(*Call, Vocab) || FactsByResult.count(Call))
            StoredResults[Var] = Call;
    for (const Decl *D : Decls->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (!Var || Var->getType()->isReferenceType() || !Var->getInit())
        continue;
      const auto *Init =
          dyn_cast<CXXConstructExpr>(stripCleanups(Var->getInit()));
      if (!Init)
        continue;
      if (isGuardType(Var->getType())) {
        transferGuardDecl(*Var, *Init, S, Ctx, std::nullopt);
        continue;
      }
      auto [It, New] = UserGuardArgs.try_emplace(Init->getConstructor());
      if (New)
        It->second = userGuardArgument(*Init->getConstructor(), Vocab);
      if (It->second && *It->second < Init->getNumArgs())
        transferGuardDecl(*Var, *Init, S, Ctx, It->second);
    }
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(&S);
  if (Call == nullptr)
    return;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
      Member && Member->getImplicitObjectArgument() &&
      isGuardType(Member->getImplicitObjectArgument()->getType())) {
    transferGuardCall(*Member, Ctx);
    return;
  }
  if (std::optional<LockOperation> Op = classifyLockCall(*Call, Vocab)) {
    // std::lock(guard1, guard2): the guards' mutexes are locked, and the
    // guards own them.
    // The locks held before the call: none of those it takes (they are
    // taken together, in no order).
    llvm::SmallVector<const Expr *, 2> Locks;
    llvm::SmallVector<TrackedObject, 2> LockedGuards;
    for (const Expr *Lock : Op->Locks) {
      touched(Lock);
      std::optional<TrackedObject> Guard = objectOf(Lock);
      if (Guard && isGuard(*Guard)) {
        for (const Expr *Guarded :
             Guards.find(cast<VarDecl>(Guard->Base))->second.Locks)
          touched(Guarded);
        LockedGuards.push_back(*Guard);
        llvm::append_range(Locks,
                           Guards.find(cast<VarDecl>(Guard->Base))->second.Locks);
        continue;
      }
      Locks.push_back(Lock);
    }
    if (!LockedGuards.empty()) {
      Op->Locks = Locks;
      if (Ctx.isFinalPass() && OnAcquire && &Ctx.function() == Analysed)
        OnAcquire(*Call, *Op, heldLocks(Ctx.state()));
      for (const Expr *Lock : Locks)
        if (std::optional<TrackedObject> Object =
                objectOf(Lock);
            Object && !isRecursive(Lock))
          noteEntryAcquisition(*Object, *Call,
                               dyn_cast<FunctionDecl>(&Ctx.function()), Ctx);
      for (const TrackedObject &Guard : LockedGuards)
        Ctx.state().set(Guard, Locked, Call);
      return;
    }
    if (Op->K == LockOperation::Release)
      release(*Call, *Op, Ctx);
    else
      acquire(*Call, *Op, Ctx);
    return;
  }
  if (Ctx.isFinalPass() && OnCall && &Ctx.function() == Analysed)
    OnCall(*Call, heldLocks(Ctx.state()));
  if (Ctx.isFinalPass() && BeforeCall && &Ctx.function() == Analysed)
    BeforeCall(*Call, Ctx.state());
  if (analysis::FunctionSummaries *EngineSummaries = Ctx.summaries())
    if (EngineSummaries->applyCallSummary(*Call, Ctx.state()))
      // Which argument it changed is the engine's: every flag may be stale.
      for (const LockStatusFlag &Flag : StatusFlags.flags())
        Touched.push_back(Flag.Lock);
  applyCallEffects(*Call, Ctx);
}

void LockFlowClient::applyCallEffects(const CallExpr &Call,
                                      analysis::TransferContext &Ctx) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (Summaries == nullptr || Callee == nullptr)
    return;
  const std::vector<LockEffect> *Effects = Summaries->effectsOf(
      *Callee, &Call, boundParameters(), Ctx.function().getBody());
  if (Effects == nullptr)
    return;
  FlowState &State = Ctx.state();
  FactsByResult.erase(&Call);
  for (const LockEffect &Effect : *Effects) {
    std::optional<TrackedObject> Object =
        LockSummaries::atCall(Effect.Object, Call, *Callee, &Pointers);
    if (!Object)
      continue;
    Touched.push_back(*Object);
    if (Effect.AcquiresAtEntry) {
      noteEntryAcquisition(*Object, *Effect.AcquiresAtEntry, Effect.AcquiresIn,
                           Ctx);
      // The callee waits for this lock as the caller holds it: the call
      // never returns, so what the callee would leave behind is not
      // applied (in every pass alike, or the passes would disagree).
      if (relockPrior(*Object, State, nullptr, &Call, nullptr)) {
        checkRelock(Call, nullptr, *Object, Ctx, nullptr, Effect.AcquiresIn,
                    Effect.AcquiresAtEntry);
        continue;
      }
    }
    // A lock a guard of ours owns: a callee that unlocks it for good takes
    // it from the guard; one that unlocks and relocks gives it back.
    bool GuardOwned = false;
    for (const TrackedObject &Guard : coveringGuards(State, *Object))
      if (State.lookup(Guard)->has(Locked)) {
        GuardOwned = true;
        if (Effect.ExitStates == stateBit(Unlocked))
          State.set(Guard, Unlocked, &Call);
      }
    if (GuardOwned)
      continue;
    ObjectFacts Before;
    if (const ObjectFacts *Facts = State.lookup(*Object))
      Before = *Facts;
    else
      Before.States = stateBit(AsAtEntry);
    // The lock's facts after the call, when the callee leaves it in
    // ExitStates and it was in From.
    auto After = [&](analysis::StateSet ExitStates,
                     const ObjectFacts &From) {
      ObjectFacts Result;
      for (unsigned S = 0; S < NumLockStates; ++S) {
        if (!(ExitStates & stateBit(S)))
          continue;
        if (S == AsAtEntry) { // Left as it was: what it was before the call.
          Result.join(From);
          continue;
        }
        // A state the lock was in already keeps its origin (where the
        // caller locked it, not where a helper unlocked and relocked it).
        ObjectFacts One;
        One.States = stateBit(S);
        One.Origins[S] = Before.has(S) ? Before.origin(S) : &Call;
        Result.join(One);
      }
      return Result;
    };
    ObjectFacts Any = Effect.dependsOnCondition()
                          ? afterConditionalEffect(Effect, Call, Before, After,
                                                   Ctx)
                          : After(Effect.ExitStates, Before);
    if (Any.States == 0)
      continue;
    if (Effect.dependsOnResult())
      FactsByResult[&Call].push_back(
          {*Object, After(Effect.ExitStatesIfZero, Before),
           After(Effect.ExitStatesIfNonZero, Before)});
    State.setFacts(*Object, Any);
  }
}

ObjectFacts LockFlowClient::afterConditionalEffect(
    const LockEffect &Effect, const CallExpr &Call, const ObjectFacts &Before,
    llvm::function_ref<ObjectFacts(analysis::StateSet, const ObjectFacts &)>
        After,
    analysis::TransferContext &Ctx) {
  const FunctionDecl &Callee = *Call.getDirectCallee();
  std::optional<analysis::ParameterCondition> OverOurParameters;
  std::optional<Guard> Key = conditionsOf(Ctx.function())
                                 .guardAtCall(*Effect.Condition, Callee, Call,
                                              &OverOurParameters);
  // A condition this function cannot see as stable (it writes a member the
  // condition reads, say): either way may be taken.
  if (!Key)
    return After(Effect.ExitStatesIfTrue | Effect.ExitStatesIfFalse, Before);
  if (OverOurParameters && !Ctx.isFinalPass() &&
      !llvm::is_contained(CalleeConditions, *OverOurParameters))
    CalleeConditions.push_back(*OverOurParameters);
  std::optional<bool> Assumed;
  for (const Guard &A : AssumedConditions)
    if (A.Condition == Key->Condition)
      Assumed = A.Value;
  // Each way, from the states the caller may be in on the paths where the
  // condition has that value, into states entered under it.
  // Key is the guard of the callee's condition true, written over the
  // arguments (its Value is false for an argument `!x`).
  ObjectFacts Result;
  for (bool CalleeTrue : {true, false}) {
    bool Value = CalleeTrue ? Key->Value : !Key->Value;
    if (Assumed && *Assumed != Value)
      continue;
    Guard Contrary{Key->Condition, !Value};
    ObjectFacts From = Before;
    for (unsigned S = 0; S < NumLockStates; ++S)
      if (From.has(S) && From.Guards[S] == Contrary)
        From.States &= ~stateBit(S);
    if (From.States == 0)
      continue;
    ObjectFacts Way = After(
        CalleeTrue ? Effect.ExitStatesIfTrue : Effect.ExitStatesIfFalse, From);
    for (unsigned S = 0; S < NumLockStates; ++S)
      if (Way.has(S))
        Way.Guards[S] = Guard{Key->Condition, Value};
    Result.join(Way);
  }
  return Result;
}

/// `__builtin_expect(x, c)` (the `likely`/`unlikely` macros): x, whose
/// value it has; null for anything else.
static const Expr *expectedValue(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E);
  if (Call == nullptr || Call->getNumArgs() < 1)
    return nullptr;
  unsigned Builtin = Call->getBuiltinCallee();
  if (Builtin != Builtin::BI__builtin_expect &&
      Builtin != Builtin::BI__builtin_expect_with_probability)
    return nullptr;
  return Call->getArg(0)->IgnoreParenImpCasts();
}

void LockFlowClient::refineOnBranch(const Expr &Condition, bool Value,
                                    FlowState &State) {
  const Expr *Cond = Condition.IgnoreParenImpCasts();
  while (true) {
    if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
        Not && Not->getOpcode() == UO_LNot) {
      Value = !Value;
      Cond = Not->getSubExpr()->IgnoreParenImpCasts();
      continue;
    }
    // `if (a || (b && lk.try_lock()))`: the block that branches on the whole
    // condition evaluated its last operand, whose value decides the branch
    // (the other operands branch from blocks of their own).
    if (const auto *Logic = dyn_cast<BinaryOperator>(Cond);
        Logic && Logic->isLogicalOp()) {
      Cond = Logic->getRHS()->IgnoreParenImpCasts();
      continue;
    }
    if (const Expr *Expected = expectedValue(Cond)) {
      Cond = Expected;
      continue;
    }
    break;
  }
  // `if (locked)`, `if (held != 0)`: a status flag says whether its lock is
  // held on this edge, so the lock states that disagree with the edge's
  // flag value belong to paths that do not take it.
  if (std::optional<LockStatusFlags::Reading> Reading =
          StatusFlags.readingOf(*Cond, Value)) {
    // On the paths where the flag is in step, the lock is held exactly
    // when the flag is non-zero; on the others it is in the states the
    // flag remembers.
    if (const ObjectFacts *Flag =
            State.lookup(TrackedObject{Reading->Flag->Flag, nullptr})) {
      if (Reading->NonZero && !Flag->has(FlagStaleUnlocked))
        State.remove(Reading->Flag->Lock, stateBit(Unlocked));
      if (!Reading->NonZero && !Flag->has(FlagStaleHeld))
        State.remove(Reading->Flag->Lock, HeldStates);
    }
    return;
  }
  std::optional<bool> ComparedToZero; // true: `== 0`, false: `!= 0`.
  if (const auto *Compare = dyn_cast<BinaryOperator>(Cond);
      Compare && Compare->isEqualityOp()) {
    const Expr *L = Compare->getLHS()->IgnoreParenImpCasts();
    const Expr *R = Compare->getRHS()->IgnoreParenImpCasts();
    if (!isZeroConstant(R))
      std::swap(L, R);
    if (!isZeroConstant(R))
      return;
    ComparedToZero = Compare->getOpcode() == BO_EQ;
    Cond = L;
    if (const Expr *Expected = expectedValue(Cond))
      Cond = Expected;
  }
  // `int err = pthread_mutex_lock(&m); if (err != 0)`: the stored result.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Cond))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (auto It = StoredResults.find(Var); It != StoredResults.end())
        Cond = It->second;
  const auto *Call = dyn_cast<CallExpr>(Cond);
  if (Call == nullptr)
    return;
  // A callee whose locks depend on what it returned: on this edge, the
  // facts it leaves with that result.
  if (auto It = FactsByResult.find(Call); It != FactsByResult.end()) {
    bool ReturnedZero = ComparedToZero ? (*ComparedToZero == Value) : !Value;
    for (const ResultFacts &Facts : It->second)
      if (State.isTracked(Facts.Object)) {
        const ObjectFacts &OnEdge = ReturnedZero ? Facts.IfZero : Facts.IfNonZero;
        if (OnEdge.States != 0)
          State.setFacts(Facts.Object, OnEdge);
      }
    return;
  }
  // A guard's try_lock(): true when it locked.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    std::optional<TrackedObject> Guard =
        objectOf(Member->getImplicitObjectArgument());
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Guard && isGuard(*Guard) && Method && Method->getIdentifier() &&
        Method->getName().starts_with("try_lock")) {
      bool IsLocked = ComparedToZero ? *ComparedToZero != Value : Value;
      State.set(*Guard, IsLocked ? Locked : Unlocked, Call);
      staleStatusFlags(*Guard, State);
      return;
    }
  }
  // A try-lock, or a C lock function whose error result is tested.
  std::optional<LockOperation> Op = classifyLockCall(*Call, Vocab);
  if (!Op || Op->K == LockOperation::Release ||
      (Op->K != LockOperation::TryAcquire && !Op->ZeroMeansLocked))
    return;
  // What the call returned on this edge: zero or not.
  bool ReturnedZero = ComparedToZero ? (*ComparedToZero == Value) : !Value;
  bool IsLocked = Op->ZeroMeansLocked ? ReturnedZero : !ReturnedZero;
  for (const Expr *Lock : Op->Locks)
    if (std::optional<TrackedObject> Object = objectOf(Lock)) {
      State.set(*Object, IsLocked ? Locked : Unlocked, Call);
      // `err = pthread_mutex_lock(&m); locked = 1; if (err)`: the flag was
      // written when the lock was thought held; on this edge it is not.
      staleStatusFlags(*Object, State);
    }
}

/// The states of a status flag on paths where its lock is in LockStates
/// and the flag is in step with it (InStep) or not.
static void setStatusFlag(FlowState &State, const TrackedObject &Flag,
                          bool InStep, analysis::StateSet LockStates,
                          const Stmt *Origin) {
  ObjectFacts Facts;
  if (InStep)
    Facts.States |= stateBit(FlagInStep);
  if (LockStates & HeldStates)
    Facts.States |= stateBit(FlagStaleHeld);
  if (LockStates & stateBit(Unlocked))
    Facts.States |= stateBit(FlagStaleUnlocked);
  // A lock as the caller left it, or untracked: no test of the flag changes
  // what is known of it, so the flag cannot be out of step with it.
  if (Facts.States == 0)
    Facts.States = stateBit(FlagInStep);
  for (unsigned S : {FlagInStep, FlagStaleHeld, FlagStaleUnlocked})
    Facts.Origins[S] = Origin;
  State.setFacts(Flag, Facts);
}

void LockFlowClient::staleStatusFlags(const TrackedObject &Lock,
                                      FlowState &State) const {
  const ObjectFacts *Facts = State.lookup(Lock);
  for (const LockStatusFlag &Flag : StatusFlags.flags())
    if (Flag.Lock == Lock)
      if (TrackedObject Object{Flag.Flag, nullptr}; State.isTracked(Object))
        setStatusFlag(State, Object, /*InStep=*/false,
                      Facts ? Facts->States : 0, nullptr);
}

void LockFlowClient::touched(const Expr *Lock) {
  if (StatusFlags.empty())
    return;
  if (std::optional<TrackedObject> Object = objectOf(Lock))
    Touched.push_back(*Object);
  for (const TrackedObject &Object : Pointers.mayBe(Lock))
    Touched.push_back(Object);
}

void LockFlowClient::transferStatusFlagWrite(const Stmt &S,
                                             analysis::TransferContext &Ctx) {
  std::optional<LockStatusFlags::Write> Write = StatusFlags.writeOf(S);
  if (!Write)
    return;
  FlowState &State = Ctx.state();
  const ObjectFacts *Lock = State.lookup(Write->Flag->Lock);
  analysis::StateSet LockStates = Lock ? Lock->States : 0;
  // The lock states the value agrees with: held for a non-zero constant,
  // not held for zero; none for a value that is no constant.
  analysis::StateSet Agree = 0;
  if (Write->NonZero)
    Agree = *Write->NonZero ? HeldStates : stateBit(Unlocked);
  setStatusFlag(State, TrackedObject{Write->Flag->Flag, nullptr},
                (LockStates & Agree) != 0, LockStates & ~Agree, &S);
}

bool keepsCallersLock(const analysis::FlowResult &Flow,
                      const LockFlowClient &Client,
                      const TrackedObject &Object) {
  if (!llvm::is_contained(Client.UnlockedAsCallerLeft, Object))
    return false;
  bool AnyExit = false;
  for (const analysis::ExitEvent &Exit : Flow.Exits)
    if (Exit.Object == Object && !Exit.isExceptional()) {
      AnyExit = true;
      // AsAtEntry is the caller's lock, untouched on this path.
      if (Exit.Facts.has(Unlocked))
        return false;
    }
  return AnyExit;
}

std::vector<LockOperationSite> collectLockOperations(const Stmt &Body,
                                                     const LockVocabulary &V,
                                                     ASTContext &) {
  std::vector<LockOperationSite> Sites;
  OperationCollector Collector(V, Sites, /*UserGuards=*/true);
  Collector.TraverseStmt(const_cast<Stmt *>(&Body));
  return Sites;
}

namespace {
class GuardFinder : public RecursiveASTVisitor<GuardFinder> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitVarDecl(VarDecl *Var) {
    Found |= isGuardType(Var->getType());
    return !Found;
  }
  bool Found = false;
};
} // namespace

namespace {
class DeferredGuardFinder : public RecursiveASTVisitor<DeferredGuardFinder> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitVarDecl(VarDecl *Var) {
    if (!Var->getInit() || !isGuardType(Var->getType()))
      return true;
    const auto *Init =
        dyn_cast<CXXConstructExpr>(stripCleanups(Var->getInit()));
    if (!Init)
      return true;
    bool Deferred = false;
    llvm::SmallVector<const Expr *, 2> Guarded;
    for (const Expr *Arg : Init->arguments()) {
      llvm::StringRef Tag;
      if (isTagArgument(Arg, Tag))
        Deferred |= Tag == "defer_lock_t";
      else if (!isGuardType(Arg->getType()) && !isNullLockType(Arg->getType()))
        Guarded.push_back(Arg);
    }
    if (Deferred)
      llvm::append_range(Locks, Guarded);
    return true;
  }
  llvm::SmallVector<const Expr *, 2> Locks;
};
} // namespace

llvm::SmallVector<const Expr *, 2> deferredGuardLocks(const Stmt &Body) {
  DeferredGuardFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(&Body));
  return Finder.Locks;
}

bool mayTouchLocks(const Stmt &Body, const LockVocabulary &V,
                   ASTContext &Ctx) {
  if (!collectLockOperations(Body, V, Ctx).empty())
    return true;
  GuardFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(&Body));
  return Finder.Found;
}

} // namespace clang::tidy::conc::analysis
