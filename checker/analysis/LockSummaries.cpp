//===--- LockSummaries.cpp - conc-tidy ------------------------------------===//
//
// Part of conc. What a call to a function of this file does to its caller's
// locks; see the header.
//
//===----------------------------------------------------------------------===//

#include "LockSummaries.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/bit.h"

namespace clang::tidy::conc::analysis {
namespace {

using analysis::TrackedObject;

/// The calls a body makes itself (a lambda's calls are the lambda's).
class CallCollector : public RecursiveASTVisitor<CallCollector> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    if (Call->getDirectCallee())
      Calls.push_back(Call);
    return true;
  }
  std::vector<const CallExpr *> Calls;
};

const Expr *ignoreParenImpCasts(const Expr *E) {
  return E ? E->IgnoreParenImpCasts() : nullptr;
}

} // namespace

std::vector<const CallExpr *> collectCalls(const Stmt &Body) {
  CallCollector Calls;
  Calls.TraverseStmt(const_cast<Stmt *>(&Body));
  return std::move(Calls.Calls);
}

bool callerCanName(const TrackedObject &Object, const FunctionDecl &Function) {
  if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(Object.Base))
    return Param->getDeclContext() == &Function &&
           !Param->getType()->isRecordType();
  if (const auto *Var = dyn_cast_or_null<VarDecl>(Object.Base))
    return Var->hasGlobalStorage() && !Var->isStaticLocal();
  if (isa_and_nonnull<FieldDecl>(Object.Base) && !Object.Member) {
    const auto *Method = dyn_cast<CXXMethodDecl>(&Function);
    return Method && !Method->isStatic();
  }
  return false;
}

std::optional<TrackedObject>
LockSummaries::atCall(const TrackedObject &Object, const CallExpr &Call,
                      const FunctionDecl &Callee,
                      const LockPointers *CallerPointers) {
  auto Named = [&](const Expr *E) {
    return CallerPointers ? CallerPointers->objectOf(E)
                          : TrackedObject::fromExpr(E);
  };
  if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(Object.Base)) {
    unsigned Index = Param->getFunctionScopeIndex();
    unsigned Shift =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    if (Index + Shift >= Call.getNumArgs())
      return std::nullopt;
    const Expr *Arg = Call.getArg(Index + Shift);
    if (!Object.Member)
      return Named(Arg);
    // `release(this)` in a method: the member of this object.
    if (isa<CXXThisExpr>(ignoreParenImpCasts(Arg)))
      return TrackedObject{Object.Member, nullptr};
    std::optional<TrackedObject> Base = Named(Arg);
    if (!Base || Base->Member || !isa<VarDecl>(Base->Base))
      return std::nullopt;
    return TrackedObject{Base->Base, Object.Member};
  }
  if (const auto *Var = dyn_cast_or_null<VarDecl>(Object.Base))
    return Var->hasGlobalStorage() ? std::optional<TrackedObject>(Object)
                                   : std::nullopt;
  const auto *Field = dyn_cast_or_null<FieldDecl>(Object.Base);
  if (!Field || Object.Member)
    return std::nullopt;
  // A lambda called where it is written: its `this` is the caller's.
  if (isa<CXXOperatorCallExpr>(Call))
    return isLambdaCallOperator(&Callee) ? std::optional<TrackedObject>(Object)
                                         : std::nullopt;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call);
  if (!Member)
    return std::nullopt;
  const Expr *On = ignoreParenImpCasts(Member->getImplicitObjectArgument());
  if (On == nullptr)
    return std::nullopt;
  if (isa<CXXThisExpr>(On))
    return Object;
  std::optional<TrackedObject> Base = Named(On);
  if (!Base || Base->Member || !isa<VarDecl>(Base->Base))
    return std::nullopt;
  return TrackedObject{Base->Base, Field};
}

llvm::SmallVector<TrackedObject, 4>
LockSummaries::sharedLocks(const FunctionDecl &Function) {
  llvm::SmallVector<TrackedObject, 4> Objects;
  auto Add = [&](const TrackedObject &Object) {
    if (!llvm::is_contained(Objects, Object))
      Objects.push_back(Object);
  };
  const Stmt *Body = Function.getBody();
  if (Body == nullptr)
    return Objects;
  LockPointers Pointers(Function);
  for (const LockOperationSite &Site :
       collectLockOperations(*Body, Vocab, AST))
    for (const Expr *Lock : Site.Op.Locks)
      if (std::optional<TrackedObject> Object = Pointers.objectOf(Lock))
        Add(*Object);
  // A deferred guard's lock() takes its locks later.
  for (const Expr *Lock : deferredGuardLocks(*Body))
    if (std::optional<TrackedObject> Object = Pointers.objectOf(Lock))
      Add(*Object);
  CallCollector Calls;
  Calls.TraverseStmt(const_cast<Stmt *>(Body));
  for (const CallExpr *Call : Calls.Calls) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (classifyLockCall(*Call, Vocab))
      continue;
    if (const std::vector<LockEffect> *Effects = effectsOf(*Callee))
      for (const LockEffect &Effect : *Effects)
        if (std::optional<TrackedObject> Object =
                atCall(Effect.Object, *Call, *Callee, &Pointers))
          Add(*Object);
  }
  return Objects;
}

namespace {

/// The conditions a body branches on, as the CFG tests them: the
/// conditions of `if`, `?:`, loops and `switch`, each operand of `&&` and
/// `||` on its own, and the left operand of every `&&` and `||` elsewhere.
/// (A lambda's conditions are the lambda's.)
class ConditionCollector : public RecursiveASTVisitor<ConditionCollector> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitIfStmt(IfStmt *S) { return add(S->getCond()); }
  bool VisitConditionalOperator(ConditionalOperator *E) {
    return add(E->getCond());
  }
  bool VisitWhileStmt(WhileStmt *S) { return add(S->getCond()); }
  bool VisitDoStmt(DoStmt *S) { return add(S->getCond()); }
  bool VisitForStmt(ForStmt *S) { return add(S->getCond()); }
  bool VisitSwitchStmt(SwitchStmt *S) { return add(S->getCond()); }
  bool VisitBinaryOperator(BinaryOperator *E) {
    return E->isLogicalOp() ? add(E->getLHS()) : true;
  }
  std::vector<const Expr *> Conditions;

private:
  bool add(const Expr *E) {
    if (E == nullptr)
      return true;
    E = E->IgnoreParenImpCasts();
    if (const auto *Logic = dyn_cast<BinaryOperator>(E);
        Logic && Logic->isLogicalOp()) {
      add(Logic->getLHS());
      return add(Logic->getRHS());
    }
    if (Seen.insert(E).second)
      Conditions.push_back(E);
    return true;
  }
  llvm::SmallPtrSet<const Expr *, 16> Seen;
};

/// The parameters a body's branch conditions read (ConditionCollector) or
/// that it hands on to a call as they are (`fwd_get(q, do_lock)`, where
/// the callee may branch on them).
class BranchParameterFinder : public RecursiveASTVisitor<BranchParameterFinder> {
public:
  explicit BranchParameterFinder(const FunctionDecl &Function)
      : Function(Function) {
    ConditionCollector Branches;
    Branches.TraverseStmt(Function.getBody());
    for (const Expr *Condition : Branches.Conditions)
      noteReads(Condition);
    TraverseStmt(Function.getBody());
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    for (const Expr *Arg : Call->arguments())
      if (isa<DeclRefExpr>(Arg->IgnoreParenImpCasts()))
        noteReads(Arg->IgnoreParenImpCasts());
    return true;
  }

  llvm::SmallVector<unsigned, 2> Indexes;

private:
  void noteReads(const Stmt *S) {
    if (S == nullptr)
      return;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl()))
        if (Param->getDeclContext() == &Function &&
            !llvm::is_contained(Indexes, Param->getFunctionScopeIndex()))
          Indexes.push_back(Param->getFunctionScopeIndex());
    for (const Stmt *Child : S->children())
      noteReads(Child);
  }
  const FunctionDecl &Function;
};

} // namespace

const llvm::SmallVector<unsigned, 2> &
LockSummaries::branchParameters(const FunctionDecl &Definition) {
  auto [It, Inserted] = BranchParameters.try_emplace(&Definition);
  if (Inserted)
    It->second = BranchParameterFinder(Definition).Indexes;
  return It->second;
}

const std::vector<LockEffect> *
LockSummaries::effectsOf(const FunctionDecl &Callee, const CallExpr *Call,
                         const analysis::ParameterValues *CallerBound,
                         const Stmt *CallerBody) {
  const FunctionDecl *Definition = Callee.getDefinition();
  if (Definition == nullptr || !Definition->hasBody() ||
      Definition->isDependentContext() ||
      AST.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return nullptr;
  // The parameters this call fixes among those the callee branches on.
  analysis::ParameterValues Bound;
  std::vector<std::pair<unsigned, int64_t>> Key;
  if (Call != nullptr && !isa<CXXOperatorCallExpr>(Call))
    for (unsigned Index : branchParameters(*Definition)) {
      const ParmVarDecl *Param = Definition->getParamDecl(Index);
      if (Index >= Call->getNumArgs() ||
          !Param->getType()->isIntegralOrEnumerationType())
        continue;
      std::optional<int64_t> Value =
          CallerBody ? analysis::fixedIntegerValue(*Call->getArg(Index),
                                                   *CallerBody, AST, CallerBound)
                     : std::nullopt;
      if (!Value)
        continue;
      Bound.push_back({Param, *Value});
      Key.push_back({Index, *Value});
    }
  if (Bound.empty()) {
    if (auto It = Learned.find(Definition); It != Learned.end())
      return It->second ? &*It->second : nullptr;
  } else if (auto It = LearnedForCall.find({Definition, Key});
             It != LearnedForCall.end()) {
    return It->second ? &*It->second : nullptr;
  }
  if (llvm::is_contained(InProgress, Definition) ||
      InProgress.size() >= MaxDepth)
    return nullptr;
  InProgress.push_back(Definition);
  std::optional<std::vector<LockEffect>> Effects = learn(*Definition, Bound);
  InProgress.pop_back();
  auto &Slot = Bound.empty() ? Learned[Definition]
                             : LearnedForCall[{Definition, std::move(Key)}];
  Slot = std::move(Effects);
  return Slot ? &*Slot : nullptr;
}

/// The lock's states at the returns of zero and of non-zero constants, when
/// every normal return of \p Definition returns a constant (curl's
/// thrdpool_unlink: `return TRUE` once it released the lock, `return FALSE`
/// before).
static void resultDependentStates(const analysis::FlowResult &Flow,
                                  const FunctionDecl &Definition,
                                  const analysis::ParameterValues &Bound,
                                  LockEffect &Effect) {
  analysis::StateSet IfZero = 0, IfNonZero = 0;
  for (const analysis::ExitEvent &Exit : Flow.Exits) {
    if (Exit.Object != Effect.Object || Exit.isExceptional())
      continue;
    const auto *Return = dyn_cast_or_null<ReturnStmt>(Exit.Site);
    if (Return == nullptr || Return->getRetValue() == nullptr)
      return; // the end of the body, or `return;`: no result
    std::optional<int64_t> Value = analysis::fixedIntegerValue(
        *Return->getRetValue(), *Definition.getBody(),
        Definition.getASTContext(), &Bound);
    if (!Value)
      return;
    (*Value == 0 ? IfZero : IfNonZero) |= Exit.Facts.States;
  }
  if (IfZero == 0 || IfNonZero == 0)
    return; // one result only: nothing to tell apart
  Effect.ExitStatesIfZero = IfZero;
  Effect.ExitStatesIfNonZero = IfNonZero;
}

void LockSummaries::configure(LockFlowClient &Client,
                              const FunctionDecl &Definition,
                              llvm::ArrayRef<TrackedObject> Objects,
                              const analysis::ParameterValues &Bound) {
  Client.Analysed = &Definition;
  Client.Summaries = this;
  Client.Recursive = Recursive;
  Client.EnterAsCallerLeft.assign(Objects.begin(), Objects.end());
  Client.BoundParameters = Bound;
}

/// A callee that gives its caller's lock back held: Locked at its exit is
/// the caller's hold, AsAtEntry.
static void givenBack(analysis::StateSet &States) {
  if (States & analysis::stateBit(Locked))
    States = (States & ~analysis::stateBit(Locked)) |
             analysis::stateBit(AsAtEntry);
}

std::optional<std::vector<LockEffect>>
LockSummaries::learn(const FunctionDecl &Definition,
                     const analysis::ParameterValues &Bound) {
  llvm::SmallVector<TrackedObject, 4> Objects;
  for (const TrackedObject &Object : sharedLocks(Definition))
    if (callerCanName(Object, Definition))
      Objects.push_back(Object);
  std::optional<std::vector<LockEffect>> Effects;
  if (Objects.empty())
    return Effects.emplace();
  LockFlowClient Client(Vocab);
  configure(Client, Definition, Objects, Bound);
  analysis::FlowResult Flow =
      analysis::runTrackedObjectFlow(Definition, AST, Client);
  if (!Flow.Complete)
    return Effects;
  Effects.emplace();
  llvm::SmallVector<bool, 4> GivenBack;
  for (const TrackedObject &Object : Objects) {
    LockEffect Effect;
    Effect.Object = Object;
    const analysis::ObjectFacts *Facts = Flow.AtReturn.lookup(Object);
    Effect.ExitStates = Facts ? Facts->States : 0;
    for (const auto &Acquisition : Client.EntryAcquisitions)
      if (Acquisition.Object == Object) {
        Effect.AcquiresAtEntry = Acquisition.Site;
        Effect.AcquiresIn = Acquisition.In;
      }
    resultDependentStates(Flow, Definition, Bound, Effect);
    // `unlock; join; lock` under the caller's lock (curl's
    // thrdpool_join_zombies): held again at the exit as the caller held it
    // at the call, not locked by this function.
    bool GaveBack = !Effect.AcquiresAtEntry &&
                    (Effect.ExitStates & analysis::stateBit(Locked)) &&
                    keepsCallersLock(Flow, Client, Object);
    if (GaveBack) {
      givenBack(Effect.ExitStates);
      givenBack(Effect.ExitStatesIfZero);
      givenBack(Effect.ExitStatesIfNonZero);
    }
    bool Unchanged = Effect.ExitStates == 0 ||
                     Effect.ExitStates == analysis::stateBit(AsAtEntry);
    if (!Unchanged || Effect.AcquiresAtEntry) {
      Effects->push_back(Effect);
      GivenBack.push_back(GaveBack);
    }
  }
  splitByCondition(Definition, Bound, Client, *Effects, GivenBack);
  return Effects;
}

void LockSummaries::splitByCondition(const FunctionDecl &Definition,
                                     const analysis::ParameterValues &Bound,
                                     const LockFlowClient &FirstRun,
                                     std::vector<LockEffect> &Effects,
                                     llvm::ArrayRef<bool> GivenBack) {
  auto Mixed = [](const LockEffect &Effect) {
    return !Effect.dependsOnCondition() &&
           llvm::popcount(Effect.ExitStates) > 1;
  };
  if (llvm::none_of(Effects, Mixed))
    return;
  // The candidates: the stable conditions over the parameters that the
  // body branches on, and those of its callees' effects that the calls
  // wrote over this function's parameters (a wrapper one call up).
  analysis::StableConditions Conditions(Definition, AST);
  llvm::SmallVector<analysis::ParameterCondition, 3> Candidates;
  auto Add = [&](const analysis::ParameterCondition &Candidate) {
    if (Candidates.size() < MaxSplitCandidates &&
        !llvm::is_contained(Candidates, Candidate))
      Candidates.push_back(Candidate);
  };
  ConditionCollector Collector;
  Collector.TraverseStmt(Definition.getBody());
  for (const Expr *Condition : Collector.Conditions)
    if (auto Over = Conditions.parameterConditionOf(*Condition))
      Add(Over->first);
  for (const analysis::ParameterCondition &Candidate : FirstRun.CalleeConditions)
    Add(Candidate);

  for (const analysis::ParameterCondition &Candidate : Candidates) {
    // The lock states at the returns with the condition true, then false.
    std::optional<analysis::FlowResult> Runs[2];
    for (bool Value : {true, false}) {
      LockFlowClient Client(Vocab);
      configure(Client, Definition, FirstRun.EnterAsCallerLeft, Bound);
      Client.AssumedConditions.push_back(
          analysis::StableConditions::guardOf(Candidate, Value));
      analysis::FlowResult Flow =
          analysis::runTrackedObjectFlow(Definition, AST, Client);
      if (!Flow.Complete)
        break;
      Runs[Value ? 0 : 1] = std::move(Flow);
    }
    if (!Runs[0] || !Runs[1])
      continue;
    for (size_t I = 0; I < Effects.size(); ++I) {
      LockEffect &Effect = Effects[I];
      if (!Mixed(Effect))
        continue;
      auto StatesIn = [&](const analysis::FlowResult &Flow) {
        const analysis::ObjectFacts *Facts = Flow.AtReturn.lookup(Effect.Object);
        analysis::StateSet States = Facts ? Facts->States : 0;
        if (GivenBack[I])
          givenBack(States);
        return States;
      };
      analysis::StateSet IfTrue = StatesIn(*Runs[0]);
      analysis::StateSet IfFalse = StatesIn(*Runs[1]);
      if (IfTrue == 0 || IfFalse == 0 || IfTrue == IfFalse)
        continue;
      Effect.Condition = Candidate;
      Effect.ExitStatesIfTrue = IfTrue;
      Effect.ExitStatesIfFalse = IfFalse;
    }
    if (llvm::none_of(Effects, Mixed))
      return;
  }
}

} // namespace clang::tidy::conc::analysis
