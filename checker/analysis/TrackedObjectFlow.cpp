//===--- TrackedObjectFlow.cpp - conc-tidy --------------------------------===//
//
// Part of conc. The shared flow-sensitive analysis of tracked objects; see
// the header for what it computes and how a client uses it.
//
//===----------------------------------------------------------------------===//

#include "TrackedObjectFlow.h"
#include "AstHelpers.h"
#include "ErrorRecovery.h"
#include "FixedConditions.h"
#include "LoopTripCount.h"
#include "MayThrow.h"
#include "StableConditions.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include <cstdlib>

namespace clang::tidy::conc::analysis {

//===----------------------------------------------------------------------===//
// Objects and facts
//===----------------------------------------------------------------------===//

std::optional<TrackedObject> TrackedObject::fromExpr(const Expr *E) {
  E = ignoreWrappersAndMoves(E);
  if (!E)
    return std::nullopt;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (Unary->getOpcode() == UO_AddrOf)
      return fromExpr(Unary->getSubExpr());
    // `*p` for a pointer parameter or local: the pointee, named by `p`.
    if (Unary->getOpcode() == UO_Deref)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(ignoreWrappersAndMoves(Unary->getSubExpr())))
        if (isa<VarDecl>(Ref->getDecl()))
          return TrackedObject{Ref->getDecl(), nullptr};
    return std::nullopt;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return TrackedObject{Var, nullptr};
    return std::nullopt;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    const Expr *Base = ignoreWrappersAndMoves(Member->getBase());
    if (isa<CXXThisExpr>(Base))
      return TrackedObject{Field, nullptr};
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Base))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        return TrackedObject{Var, Field};
    return std::nullopt;
  }
  return std::nullopt;
}

std::string TrackedObject::name() const {
  std::string Name = Base ? Base->getNameAsString() : std::string("?");
  if (Member)
    Name += "." + Member->getNameAsString();
  return Name;
}

bool TrackedObject::isLocalVariable() const {
  const auto *Var = dyn_cast_or_null<VarDecl>(Base);
  return Var && !isa<ParmVarDecl>(Var) && Var->hasLocalStorage() &&
         !Var->getType()->isReferenceType();
}

bool TrackedObject::isParameter() const { return isa_and_nonnull<ParmVarDecl>(Base); }

bool ObjectFacts::join(const ObjectFacts &Other) {
  bool Changed = false;
  for (unsigned I = 0; I < MaxStates; ++I) {
    if (!Other.has(I))
      continue;
    if (!has(I)) {
      States |= stateBit(I);
      Origins[I] = Other.Origins[I];
      Guards[I] = Other.Guards[I];
      Changed = true;
      continue;
    }
    if (!Origins[I] && Other.Origins[I]) {
      Origins[I] = Other.Origins[I];
      Changed = true;
    }
    if (Guards[I].Condition != 0 && !(Guards[I] == Other.Guards[I])) {
      Guards[I] = Guard{};
      Changed = true;
    }
  }
  return Changed;
}

const ObjectFacts *FlowState::lookup(const TrackedObject &Object) const {
  for (const Entry &E : Objects)
    if (E.first == Object)
      return &E.second;
  return nullptr;
}

static Guard innermost(llvm::ArrayRef<Guard> Known) {
  return Known.empty() ? Guard{} : Known.back();
}

void FlowState::set(const TrackedObject &Object, unsigned State,
                    const Stmt *Origin) {
  ObjectFacts Facts;
  Facts.States = stateBit(State);
  Facts.Origins[State] = Origin;
  Facts.Guards[State] = innermost(KnownConditions);
  setFacts(Object, Facts);
}

void FlowState::add(const TrackedObject &Object, unsigned State,
                    const Stmt *Origin) {
  ObjectFacts Facts;
  if (const ObjectFacts *Old = lookup(Object))
    Facts = *Old;
  if (!Facts.has(State)) {
    Facts.States |= stateBit(State);
    Facts.Origins[State] = Origin;
    Facts.Guards[State] = innermost(KnownConditions);
  }
  setFacts(Object, Facts);
}

void FlowState::setFacts(const TrackedObject &Object,
                         const ObjectFacts &NewFacts) {
  // A state entered here is entered under the conditions known here.
  ObjectFacts Facts = NewFacts;
  Guard Here = innermost(KnownConditions);
  for (unsigned I = 0; I < MaxStates; ++I)
    if (Facts.has(I) && Facts.Guards[I].Condition == 0)
      Facts.Guards[I] = Here;
  for (Entry &E : Objects)
    if (E.first == Object) {
      E.second = Facts;
      return;
    }
  Objects.push_back({Object, Facts});
}

void FlowState::remove(const TrackedObject &Object, StateSet Set) {
  for (auto It = Objects.begin(); It != Objects.end(); ++It) {
    if (It->first != Object)
      continue;
    It->second.States &= ~Set;
    if (It->second.States == 0)
      Objects.erase(It);
    return;
  }
}

void FlowState::erase(const TrackedObject &Object) {
  for (auto It = Objects.begin(); It != Objects.end(); ++It)
    if (It->first == Object) {
      Objects.erase(It);
      return;
    }
}

bool FlowState::join(const FlowState &Other) {
  bool Changed = false;
  for (const Entry &E : Other.Objects) {
    bool Found = false;
    for (Entry &Mine : Objects)
      if (Mine.first == E.first) {
        Changed |= Mine.second.join(E.second);
        Found = true;
        break;
      }
    if (!Found) {
      Objects.push_back(E);
      Changed = true;
    }
  }
  auto NotInOther = [&](const Guard &G) {
    return llvm::find(Other.KnownConditions, G) == Other.KnownConditions.end();
  };
  size_t Before = KnownConditions.size();
  llvm::erase_if(KnownConditions, NotInOther);
  return Changed || KnownConditions.size() != Before;
}

bool FlowState::operator==(const FlowState &Other) const {
  if (Objects.size() != Other.Objects.size() ||
      KnownConditions != Other.KnownConditions)
    return false;
  for (const Entry &E : Objects) {
    const ObjectFacts *F = Other.lookup(E.first);
    if (!F || F->States != E.second.States || F->Origins != E.second.Origins)
      return false;
    for (unsigned I = 0; I < MaxStates; ++I)
      if (!(F->Guards[I] == E.second.Guards[I]))
        return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Exits
//===----------------------------------------------------------------------===//

static std::string calleeName(const Stmt *Site) {
  const auto *Call = dyn_cast_or_null<CallExpr>(Site);
  if (!Call)
    return {};
  if (const auto *Callee =
          dyn_cast_or_null<NamedDecl>(Call->getCalleeDecl()))
    if (Callee->getDeclName().isIdentifier())
      return Callee->getName().str();
  return {};
}

SourceLocation ExitEvent::location(const Decl &Function) const {
  if (!Site)
    return Function.getBodyRBrace();
  switch (Kind) {
  case ExitKind::ScopeEnd:
    if (const auto *Compound = dyn_cast<CompoundStmt>(Site))
      return Compound->getRBracLoc();
    return Site->getEndLoc();
  case ExitKind::ThrowingCall:
  case ExitKind::FunctionThrows:
  case ExitKind::Reassignment:
    if (const auto *E = dyn_cast<Expr>(Site))
      return E->getExprLoc();
    return Site->getBeginLoc();
  default:
    return Site->getBeginLoc();
  }
}

std::string ExitEvent::describe() const {
  switch (Kind) {
  case ExitKind::ScopeEnd:
    return "at the end of its scope";
  case ExitKind::Return:
    return "when this return is taken";
  case ExitKind::Break:
    return "when this break is taken";
  case ExitKind::Continue:
    return "when this continue is taken";
  case ExitKind::Goto:
    return "when this goto is taken";
  case ExitKind::ThrowingCall:
  case ExitKind::FunctionThrows: {
    std::string Callee = calleeName(Site);
    return Callee.empty() ? "if this call throws"
                          : "if '" + Callee + "' throws here";
  }
  case ExitKind::Throw:
    return "when this exception is thrown";
  case ExitKind::UncaughtInTry:
    return "if an exception that no handler of this try catches is thrown";
  case ExitKind::Reassignment:
    return "when it is assigned to here";
  case ExitKind::FunctionEnd:
    return Site ? "when this return is taken" : "when the function returns";
  }
  return {};
}

void TransferContext::exit(const TrackedObject &Object, ExitKind Kind,
                           const Stmt &Site) {
  if (!FinalPass)
    return;
  if (const ObjectFacts *Facts = State.lookup(Object))
    Exits.push_back({Object, *Facts, Kind, &Site});
}

void TransferContext::report(unsigned Kind, const TrackedObject &Object,
                             const Stmt &Site) {
  Finding F;
  F.Kind = Kind;
  F.Object = Object;
  F.Site = &Site;
  report(F);
}

void TransferContext::report(Finding F) {
  assert(F.Site && "a finding has a site");
  if (!FinalPass)
    return;
  F.Facts = ObjectFacts();
  if (const ObjectFacts *Facts = State.lookup(F.Object))
    F.Facts = *Facts;
  Findings.push_back(F);
}

//===----------------------------------------------------------------------===//
// The engine
//===----------------------------------------------------------------------===//

namespace {

/// Where each local is declared, and which statements lie inside which:
/// what exception edges need.
class BodyFacts : public RecursiveASTVisitor<BodyFacts> {
public:
  explicit BodyFacts(Stmt *Body) : Parents(Body) { TraverseStmt(Body); }

  bool VisitDeclStmt(DeclStmt *DS) {
    for (Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        ScopeOf[Var] = Parents.getParent(DS);
    return true;
  }
  bool VisitCXXCatchStmt(CXXCatchStmt *Catch) {
    if (const VarDecl *Var = Catch->getExceptionDecl())
      ScopeOf[Var] = Catch;
    return true;
  }

  /// Is S (a scope statement) at or below Ancestor?
  bool isWithin(const Stmt *S, const Stmt *Ancestor) const {
    for (; S; S = Parents.getParent(S))
      if (S == Ancestor)
        return true;
    return false;
  }

  const Stmt *scopeOf(const ValueDecl *Var) const {
    auto It = ScopeOf.find(Var);
    return It == ScopeOf.end() ? nullptr : It->second;
  }

private:
  ParentMap Parents;
  llvm::DenseMap<const ValueDecl *, const Stmt *> ScopeOf;
};

bool isTryDispatch(const CFGBlock *B) {
  return B && isa_and_nonnull<CXXTryStmt>(B->getTerminatorStmt());
}

} // namespace

class FlowEngine {
public:
  FlowEngine(const FunctionDecl &Function, ASTContext &AST, FlowClient &Client,
             FunctionSummaries *Summaries)
      : Function(Function), AST(AST), Client(Client), Summaries(Summaries) {}

  FlowResult run(const std::optional<std::pair<TrackedObject, unsigned>> &Seed);

private:
  struct BlockExit {
    ExitKind Kind;
    const Stmt *Site;
  };

  FlowState transferBlock(const CFGBlock &B, FlowState State, bool FinalPass,
                          FlowResult &Result);
  /// The state that flows along B -> Succ (index SuccIndex), or nothing when
  /// no state flows there.
  std::optional<FlowState> edgeState(const CFGBlock &B, unsigned SuccIndex,
                                     const FlowState &Out, bool FinalPass,
                                     FlowResult &Result);
  BlockExit blockExit(const CFGBlock &B, const Stmt *Trigger) const;
  void destroy(FlowState &State, const TrackedObject &Object, ExitKind Kind,
               const Stmt *Site, bool FinalPass, FlowResult &Result);

  const FunctionDecl &Function;
  ASTContext &AST;
  FlowClient &Client;
  FunctionSummaries *Summaries;
  std::unique_ptr<CFG> Graph;
  std::unique_ptr<BodyFacts> Body;
  std::unique_ptr<StableConditions> Conditions;
  bool IsNoexcept = false;
  MayThrowCache Throws;
};

static bool isNoexceptFunction(const FunctionDecl &F) {
  if (isa<CXXDestructorDecl>(F))
    return true;
  if (const auto *Proto = F.getType()->getAs<FunctionProtoType>())
    return Proto->isNothrow();
  return false;
}

FlowResult FlowEngine::run(
    const std::optional<std::pair<TrackedObject, unsigned>> &Seed) {
  FlowResult Result;
  Stmt *BodyStmt = Function.getBody();
  // Never build a CFG on what clang could not build (ErrorRecovery.h).
  if (!BodyStmt || hasErrors(Function, AST))
    return Result;
  CFG::BuildOptions Options;
  Options.AddEHEdges = true;
  Options.AddImplicitDtors = true;
  Options.AddLifetime = true;
  Options.AddTemporaryDtors = false;
  Options.setAllAlwaysAdd();
  Graph = CFG::buildCFG(&Function, BodyStmt, &AST, Options);
  if (!Graph)
    return Result;
  // CONC_DUMP_CFG=1 shows the graph the analysis walks (for client authors).
  if (std::getenv("CONC_DUMP_CFG"))
    Graph->dump(AST.getLangOpts(), /*ShowColors=*/false);
  Body = std::make_unique<BodyFacts>(BodyStmt);
  Conditions = std::make_unique<StableConditions>(Function, AST);
  IsNoexcept = isNoexceptFunction(Function);

  unsigned NumBlocks = Graph->getNumBlockIDs();
  std::vector<std::optional<FlowState>> In(NumBlocks);
  FlowState Entry;
  Client.initialize(Function, Entry);
  if (Seed)
    Entry.set(Seed->first, Seed->second, nullptr);
  const CFGBlock &EntryBlock = Graph->getEntry();
  In[EntryBlock.getBlockID()] = Entry;

  // Visit in reverse post-order so that most blocks see all their
  // predecessors first; loops go round until nothing changes.
  std::vector<unsigned> Order(NumBlocks, 0);
  std::vector<const CFGBlock *> BlockById(NumBlocks, nullptr);
  for (const CFGBlock *B : *Graph)
    BlockById[B->getBlockID()] = B;
  {
    // Reverse post-order by hand: clang marks unreachable successors as
    // null, which LLVM's graph iterators do not expect.
    std::vector<const CFGBlock *> PostOrder;
    std::vector<bool> Seen(NumBlocks, false);
    std::vector<std::pair<const CFGBlock *, unsigned>> Stack;
    Stack.push_back({&EntryBlock, 0});
    Seen[EntryBlock.getBlockID()] = true;
    while (!Stack.empty()) {
      auto &[B, Next] = Stack.back();
      if (Next < B->succ_size()) {
        const CFGBlock *Succ = *(B->succ_begin() + Next++);
        if (Succ && !Seen[Succ->getBlockID()]) {
          Seen[Succ->getBlockID()] = true;
          Stack.push_back({Succ, 0});
        }
        continue;
      }
      PostOrder.push_back(B);
      Stack.pop_back();
    }
    unsigned Index = 0;
    for (auto It = PostOrder.rbegin(); It != PostOrder.rend(); ++It)
      Order[(*It)->getBlockID()] = Index++;
  }
  auto Later = [&](unsigned A, unsigned B) { return Order[A] > Order[B]; };

  // `for` loops whose trip count is fixed by their source: their condition
  // block keeps apart the states that enter the loop and those that come
  // round again, so that a loop that runs once is never skipped nor run a
  // second time (LoopTripCount.h).
  std::vector<std::optional<TripCount>> Trips(NumBlocks);
  std::vector<std::optional<FlowState>> InFirst(NumBlocks), InAgain(NumBlocks);
  for (const CFGBlock *B : *Graph)
    if (B && B->succ_size() == 2)
      if (const auto *For = dyn_cast_or_null<ForStmt>(B->getTerminatorStmt()))
        Trips[B->getBlockID()] = constantTripCount(*For, AST);
  // Branches whose condition the source fixes (FixedConditions.h): the
  // edge the condition never takes carries no state.
  std::vector<std::optional<bool>> Fixed(NumBlocks);
  for (const CFGBlock *B : *Graph)
    if (B && B->succ_size() == 2 && !Trips[B->getBlockID()])
      if (const auto *Cond =
              dyn_cast_or_null<Expr>(B->getTerminatorCondition(false)))
      {
        std::optional<bool> &Value = Fixed[B->getBlockID()];
        Value = fixedConditionValue(*Cond, *BodyStmt, AST,
                                    Client.boundParameters());
        if (!Value && !Client.assumedConditions().empty())
          if (std::optional<Guard> G = Conditions->guardOf(*Cond))
            for (const Guard &Assumed : Client.assumedConditions())
              if (Assumed.Condition == G->Condition)
                Value = Assumed.Value == G->Value;
      }
  auto JoinInto = [](std::optional<FlowState> &Target, const FlowState &S) {
    if (!Target) {
      Target = S;
      return true;
    }
    return Target->join(S);
  };
  // The state leaving B towards each successor (nothing: that edge is not
  // taken). Reports of B's own statements are kept when FinalPass.
  auto Outs = [&](const CFGBlock &B, bool FinalPass, FlowResult &Sink) {
    unsigned ID = B.getBlockID();
    FlowState Out = transferBlock(B, *In[ID], FinalPass, Sink);
    std::vector<std::optional<FlowState>> PerSucc(B.succ_size(), Out);
    if (Fixed[ID])
      PerSucc[*Fixed[ID] ? 1 : 0].reset();
    if (!Trips[ID])
      return PerSucc;
    FlowResult Ignored;
    std::optional<FlowState> First, Again;
    if (InFirst[ID])
      First = transferBlock(B, *InFirst[ID], false, Ignored);
    if (InAgain[ID])
      Again = transferBlock(B, *InAgain[ID], false, Ignored);
    std::optional<FlowState> Body, Exit;
    switch (*Trips[ID]) {
    case TripCount::Never:
      Exit = First;
      break;
    case TripCount::Once:
      Body = First;
      Exit = Again;
      break;
    case TripCount::TwiceOrMore:
      Body = First;
      if (Again)
        JoinInto(Body, *Again);
      Exit = Again;
      break;
    }
    PerSucc[0] = Body;
    PerSucc[1] = Exit;
    return PerSucc;
  };

  std::vector<unsigned> Worklist{EntryBlock.getBlockID()};
  std::vector<bool> Queued(NumBlocks, false);
  Queued[EntryBlock.getBlockID()] = true;
  unsigned Budget = 64 * NumBlocks + 256;
  FlowResult Scratch;
  while (!Worklist.empty()) {
    if (Budget-- == 0)
      return Result; // Incomplete: no results rather than wrong ones.
    std::pop_heap(Worklist.begin(), Worklist.end(), Later);
    unsigned ID = Worklist.back();
    Worklist.pop_back();
    Queued[ID] = false;
    const CFGBlock &B = *BlockById[ID];
    std::vector<std::optional<FlowState>> Out =
        Outs(B, /*FinalPass=*/false, Scratch);
    for (unsigned I = 0, E = B.succ_size(); I < E; ++I) {
      const CFGBlock *Succ = *(B.succ_begin() + I);
      if (!Succ || !Out[I])
        continue;
      std::optional<FlowState> Edge =
          edgeState(B, I, *Out[I], /*FinalPass=*/false, Scratch);
      if (!Edge)
        continue;
      unsigned SuccID = Succ->getBlockID();
      bool Changed = JoinInto(In[SuccID], *Edge);
      if (Trips[SuccID])
        Changed |= JoinInto(Order[ID] >= Order[SuccID] ? InAgain[SuccID]
                                                       : InFirst[SuccID],
                            *Edge);
      if (Changed && !Queued[SuccID]) {
        Queued[SuccID] = true;
        Worklist.push_back(SuccID);
        std::push_heap(Worklist.begin(), Worklist.end(), Later);
      }
    }
  }

  // The final pass: each reachable block once, from its fixpoint state,
  // keeping what clients report.
  for (const CFGBlock *B : *Graph) {
    if (!B || !In[B->getBlockID()])
      continue;
    std::vector<std::optional<FlowState>> Out = Outs(*B, true, Result);
    for (unsigned I = 0, E = B->succ_size(); I < E; ++I)
      if (*(B->succ_begin() + I) && Out[I])
        edgeState(*B, I, *Out[I], true, Result);
  }
  Result.Complete = true;
  return Result;
}

FlowEngine::BlockExit FlowEngine::blockExit(const CFGBlock &B,
                                            const Stmt *Trigger) const {
  for (const CFGElement &E : B)
    if (auto S = E.getAs<CFGStmt>())
      if (isa<ReturnStmt>(S->getStmt()))
        return {ExitKind::Return, S->getStmt()};
  if (const Stmt *T = B.getTerminatorStmt()) {
    if (isa<BreakStmt>(T))
      return {ExitKind::Break, T};
    if (isa<ContinueStmt>(T))
      return {ExitKind::Continue, T};
    if (isa<GotoStmt>(T))
      return {ExitKind::Goto, T};
  }
  return {ExitKind::ScopeEnd, Trigger};
}

void FlowEngine::destroy(FlowState &State, const TrackedObject &Object,
                         ExitKind Kind, const Stmt *Site, bool FinalPass,
                         FlowResult &Result) {
  const ObjectFacts *Facts = State.lookup(Object);
  if (!Facts)
    return;
  if (FinalPass)
    Result.Exits.push_back({Object, *Facts, Kind, Site});
  State.erase(Object);
}

FlowState FlowEngine::transferBlock(const CFGBlock &B, FlowState State,
                                    bool FinalPass, FlowResult &Result) {
  TransferContext Ctx(State, AST, Function, Summaries, FinalPass,
                      Result.Exits, Result.Findings);
  for (const CFGElement &E : B) {
    if (auto S = E.getAs<CFGStmt>()) {
      Client.transfer(*S->getStmt(), Ctx);
      continue;
    }
    const VarDecl *Var = nullptr;
    const Stmt *Trigger = nullptr;
    if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
      Var = Dtor->getVarDecl();
      Trigger = Dtor->getTriggerStmt();
    } else if (auto End = E.getAs<CFGLifetimeEnds>()) {
      Var = End->getVarDecl();
      Trigger = End->getTriggerStmt();
    }
    if (!Var)
      continue;
    BlockExit Exit = blockExit(B, Trigger);
    // The variable and every tracked member of it end here.
    llvm::SmallVector<TrackedObject, 2> Ending;
    for (const FlowState::Entry &Entry : State.objects())
      if (Entry.first.Base == Var)
        Ending.push_back(Entry.first);
    for (const TrackedObject &Object : Ending)
      destroy(State, Object, Exit.Kind, Exit.Site, FinalPass, Result);
  }
  return State;
}

std::optional<FlowState> FlowEngine::edgeState(const CFGBlock &B,
                                               unsigned SuccIndex,
                                               const FlowState &Out,
                                               bool FinalPass,
                                               FlowResult &Result) {
  const CFGBlock *Succ = *(B.succ_begin() + SuccIndex);
  const CFGBlock &Exit = Graph->getExit();
  bool ToExit = Succ == &Exit;
  // std::exit, abort, [[noreturn]]: nothing is destroyed, nothing leaks.
  if (B.hasNoReturnElement())
    return std::nullopt;

  // Is this an exception edge, and from where?
  const Stmt *Last = nullptr;
  if (!B.empty())
    if (auto S = B.back().getAs<CFGStmt>())
      Last = S->getStmt();
  ExitKind ExceptionKind = ExitKind::ThrowingCall;
  const Stmt *ExceptionSite = nullptr;
  bool ToHandlerDispatch = isTryDispatch(Succ);
  if (Last && isa<CXXThrowExpr>(Last) && (ToExit || ToHandlerDispatch)) {
    ExceptionKind = ExitKind::Throw;
    ExceptionSite = Last;
  } else if (Last && isa<CallExpr>(Last) && B.succ_size() >= 2 &&
             SuccIndex == B.succ_size() - 1 && (ToExit || ToHandlerDispatch)) {
    ExceptionKind = ExitKind::ThrowingCall;
    ExceptionSite = Last;
  } else if (isTryDispatch(&B) && (ToExit || ToHandlerDispatch)) {
    ExceptionKind = ExitKind::UncaughtInTry;
    ExceptionSite = B.getTerminatorStmt();
  }

  // clang adds an exception edge to every member call, noexcept or not:
  // drop the ones whose callee cannot throw (MayThrow.h says which).
  if (ExceptionKind == ExitKind::ThrowingCall && ExceptionSite)
    if (const auto *Callee = dyn_cast_or_null<FunctionDecl>(
            cast<CallExpr>(ExceptionSite)->getCalleeDecl()))
      if (!Throws.mayThrow(*Callee))
        return std::nullopt;

  FlowState State = Out;
  if (ExceptionSite) {
    // Exceptions out of a noexcept function end the program.
    if (IsNoexcept && ToExit)
      return std::nullopt;
    // clang's exception edges carry no destructors: destroy here every
    // tracked local whose scope the exception leaves.
    const Stmt *TryBlock =
        ToHandlerDispatch
            ? cast<CXXTryStmt>(Succ->getTerminatorStmt())->getTryBlock()
            : nullptr;
    llvm::SmallVector<TrackedObject, 4> Leaving;
    for (const FlowState::Entry &Entry : State.objects()) {
      const TrackedObject &Object = Entry.first;
      if (Object.isLocalVariable()) {
        const Stmt *Scope = Body->scopeOf(Object.Base);
        if (ToExit || (Scope && Body->isWithin(Scope, TryBlock)))
          Leaving.push_back(Object);
      } else if (ToExit && FinalPass) {
        Result.Exits.push_back({Object, Entry.second, ExitKind::FunctionThrows,
                                ExceptionSite});
      }
    }
    for (const TrackedObject &Object : Leaving)
      destroy(State, Object, ExceptionKind, ExceptionSite, FinalPass, Result);
    return State;
  }

  // A branch: let the client refine, and use stable conditions.
  if (B.succ_size() == 2)
    if (const Expr *Cond =
            dyn_cast_or_null<Expr>(B.getTerminatorCondition(false))) {
      bool Value = SuccIndex == 0;
      Client.refineOnBranch(*Cond, Value, State);
      if (std::optional<Guard> G = Conditions->guardOf(*Cond)) {
        Guard Known{G->Condition, G->Value == Value};
        Guard Contrary{G->Condition, !Known.Value};
        llvm::SmallVector<std::pair<TrackedObject, StateSet>, 2> Impossible;
        for (const FlowState::Entry &Entry : State.objects()) {
          StateSet Drop = 0;
          for (unsigned I = 0; I < MaxStates; ++I)
            if (Entry.second.has(I) && Entry.second.Guards[I] == Contrary)
              Drop |= stateBit(I);
          if (Drop)
            Impossible.push_back({Entry.first, Drop});
        }
        for (auto &[Object, Drop] : Impossible)
          State.remove(Object, Drop);
        if (llvm::find(State.KnownConditions, Known) ==
            State.KnownConditions.end())
          State.KnownConditions.push_back(Known);
      }
    }
  if (ToExit) {
    const Stmt *Return = nullptr;
    for (const CFGElement &E : B)
      if (auto S = E.getAs<CFGStmt>())
        if (isa<ReturnStmt>(S->getStmt()))
          Return = S->getStmt();
    if (FinalPass)
      for (const FlowState::Entry &Entry : State.objects())
        Result.Exits.push_back(
            {Entry.first, Entry.second, ExitKind::FunctionEnd, Return});
    if (FinalPass)
      Result.AtReturn.join(State);
    return State;
  }

  return State;
}

FlowResult runTrackedObjectFlow(const FunctionDecl &Function, ASTContext &AST,
                                FlowClient &Client,
                                FunctionSummaries *Summaries) {
  return FlowEngine(Function, AST, Client, Summaries).run(std::nullopt);
}

//===----------------------------------------------------------------------===//
// Summaries
//===----------------------------------------------------------------------===//

void FunctionSummaries::addKnown(llvm::StringRef Name, unsigned ParamIndex,
                                 StateSet ExitStates) {
  Name.consume_front("::");
  KnownByName[Name].push_back({ParamIndex, ExitStates});
}

std::optional<StateSet>
FunctionSummaries::parameterExitStates(const FunctionDecl &Callee,
                                       unsigned ParamIndex) {
  auto FindKnown = [&](llvm::StringRef Name) -> std::optional<StateSet> {
    auto It = KnownByName.find(Name);
    if (It == KnownByName.end())
      return std::nullopt;
    for (const Known &K : It->second)
      if (K.ParamIndex == ParamIndex || K.ParamIndex == ~0u)
        return K.ExitStates;
    return std::nullopt;
  };
  if (auto K = FindKnown(Callee.getQualifiedNameAsString()))
    return K;
  if (Callee.getDeclName().isIdentifier())
    if (auto K = FindKnown(Callee.getName()))
      return K;

  const FunctionDecl *Definition = Callee.getDefinition();
  // Library code in system headers is not learned from: it is large, and
  // the options name what matters there.
  if (!Definition || !Definition->hasBody() ||
      AST.getSourceManager().isInSystemHeader(Definition->getLocation()) ||
      ParamIndex >= Definition->getNumParams() ||
      Definition->isDependentContext())
    return std::nullopt;
  auto Key = std::make_pair(Definition, ParamIndex);
  if (auto It = Learned.find(Key); It != Learned.end())
    return It->second;
  // Recursion, or too deep a chain of callees: unknown.
  if (llvm::is_contained(InProgress, Definition) || InProgress.size() >= 4)
    return std::nullopt;
  InProgress.push_back(Definition);
  TrackedObject Param{Definition->getParamDecl(ParamIndex), nullptr};
  FlowResult R = FlowEngine(*Definition, AST, Client, this)
                     .run(std::make_pair(Param, EntryState));
  InProgress.pop_back();
  std::optional<StateSet> Summary;
  if (R.Complete) {
    const ObjectFacts *Facts = R.AtReturn.lookup(Param);
    // Not tracked at the return: its duty went elsewhere.
    Summary = Facts ? Facts->States : 0;
  }
  Learned[Key] = Summary;
  return Summary;
}

bool FunctionSummaries::applyCallSummary(const CallExpr &Call,
                                         FlowState &State) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return false;
  unsigned Shift = 0;
  if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee))
    Shift = 1;
  bool Applied = false;
  for (unsigned I = Shift; I < Call.getNumArgs(); ++I) {
    std::optional<TrackedObject> Object =
        TrackedObject::fromExpr(Call.getArg(I));
    if (!Object || !State.isTracked(*Object))
      continue;
    // An object passed by value is a copy (or moved-from): what the callee
    // does to its parameter is not done to ours. Handles (pthread_t, a
    // file descriptor) are scalars and do carry over.
    if (I - Shift < Callee->getNumParams() &&
        Callee->getParamDecl(I - Shift)->getType()->isRecordType())
      continue;
    std::optional<StateSet> Exit = parameterExitStates(*Callee, I - Shift);
    if (!Exit)
      continue;
    Applied = true;
    if (*Exit == 0) {
      State.erase(*Object);
      continue;
    }
    // A state the object was in already keeps its origin (where the thread
    // was made, not where a helper left it as it was).
    const ObjectFacts &Before = *State.lookup(*Object);
    ObjectFacts Facts;
    Facts.States = *Exit;
    for (unsigned S = 0; S < MaxStates; ++S)
      if (Facts.has(S)) {
        Facts.Origins[S] = Before.has(S) ? Before.Origins[S] : &Call;
        Facts.Guards[S] = Before.has(S) ? Before.Guards[S] : Guard{};
      }
    State.setFacts(*Object, Facts);
  }
  return Applied;
}

} // namespace clang::tidy::conc::analysis
