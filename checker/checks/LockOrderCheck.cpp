//===--- LockOrderCheck.cpp - conc-tidy -----------------------------------===//
//
// Part of conc. Go's rule: one global lock order; several locks at once
// through one call.
//
//===----------------------------------------------------------------------===//

#include "LockOrderCheck.h"
#include "analysis/UnitParents.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/LockVocabularyOptions.h"
#include "analysis/ThreadVocabularyOptions.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

using analysis::TrackedObject;
using analysis::HeldLock;
using analysis::LockKey;
using analysis::LockOperation;

constexpr unsigned MaxCallDepth = 4;
constexpr unsigned MaxCyclesReported = 100;
/// Places remembered per order; past it, the order counts as taken
/// anywhere (never proved not to overlap).
constexpr unsigned MaxEdgeSites = 16;

/// The calls a body makes itself (a lambda's calls are the lambda's).
class CallCollector : public RecursiveASTVisitor<CallCollector> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Callees.push_back({Call, Callee});
    return true;
  }
  std::vector<std::pair<const CallExpr *, const FunctionDecl *>> Callees;
};

/// The functions the unit's own code calls by name (not through a
/// pointer): a thread body also called this way runs outside its thread
/// too. The thread library's own call of the callable (std::thread's
/// invoke, in a system header) is the thread running it, not such a call.
class DirectCallees : public RecursiveASTVisitor<DirectCallees> {
public:
  explicit DirectCallees(const SourceManager &SM) : SM(SM) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (!SM.isInSystemHeader(SM.getExpansionLoc(Call->getBeginLoc())))
        Called.insert(Callee->getCanonicalDecl());
    return true;
  }
  llvm::DenseSet<const FunctionDecl *> Called;

private:
  const SourceManager &SM;
};

/// `from.mu` and `to.mu` for two parameters, or `mu_` and `other.mu_`: two
/// objects of one type that the caller chooses. (Two locals, or a node and
/// its child, are an order the code itself fixes.)
bool isCallerChosenPair(const TrackedObject &A, const TrackedObject &B) {
  if (A == B)
    return false;
  auto CallerChosen = [](const TrackedObject &O) {
    if (isa_and_nonnull<ParmVarDecl>(O.Base))
      return true;
    return isa_and_nonnull<FieldDecl>(O.Base) && O.Member == nullptr;
  };
  if (!CallerChosen(A) || !CallerChosen(B))
    return false;
  // `mu_` is this->mu_: the same member as `other.mu_`.
  auto FieldOf = [](const TrackedObject &O) -> const ValueDecl * {
    return O.Member ? O.Member : dyn_cast<FieldDecl>(O.Base);
  };
  if (FieldOf(A) != FieldOf(B))
    return false;
  if (FieldOf(A) == nullptr) // Two mutex parameters of one type.
    return A.Base->getType().getNonReferenceType().getCanonicalType()
               .getUnqualifiedType() ==
           B.Base->getType().getNonReferenceType().getCanonicalType()
               .getUnqualifiedType();
  return true;
}

/// Whether an expression mentions the object a lock belongs to: its
/// variable, or `this` for a member of the object the method runs on.
bool mentionsOwner(const Stmt *S, const TrackedObject &Lock) {
  if (S == nullptr)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (Ref->getDecl() == Lock.Base)
      return true;
  if (isa<CXXThisExpr>(S) && isa_and_nonnull<FieldDecl>(Lock.Base))
    return true;
  for (const Stmt *Child : S->children())
    if (mentionsOwner(Child, Lock))
      return true;
  return false;
}

/// A comparison that orders the two owners: `a.id < b.id`, `&a < &b`,
/// `this < &other`, `std::less<>()(a, b)`.
bool comparesOwners(const Stmt *S, const TrackedObject &A,
                    const TrackedObject &B) {
  if (S == nullptr)
    return false;
  const Expr *L = nullptr, *R = nullptr;
  if (const auto *Binary = dyn_cast<BinaryOperator>(S);
      Binary && Binary->isRelationalOp()) {
    L = Binary->getLHS();
    R = Binary->getRHS();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    OverloadedOperatorKind K = Op->getOperator();
    bool Relational = K == OO_Less || K == OO_Greater || K == OO_LessEqual ||
                      K == OO_GreaterEqual || K == OO_Spaceship;
    if (Relational && Op->getNumArgs() == 2) {
      L = Op->getArg(0);
      R = Op->getArg(1);
    } else if (K == OO_Call && Op->getNumArgs() == 3) { // std::less<>()(a, b)
      L = Op->getArg(1);
      R = Op->getArg(2);
    }
  }
  if (L && R &&
      ((mentionsOwner(L, A) && mentionsOwner(R, B)) ||
       (mentionsOwner(L, B) && mentionsOwner(R, A))) &&
      !(mentionsOwner(L, A) && mentionsOwner(L, B)))
    return true;
  for (const Stmt *Child : S->children())
    if (comparesOwners(Child, A, B))
      return true;
  return false;
}

/// Whether the acquisition at Site runs under a branch whose condition
/// compares the two locks' owners: the code picks the order by a key.
bool orderedByComparison(const Stmt &Site, const TrackedObject &A,
                         const TrackedObject &B, const FunctionDecl &Function,
                         ASTContext &Ctx) {
  DynTypedNode Node = DynTypedNode::create(Site);
  for (unsigned Depth = 0; Depth < 32; ++Depth) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Ctx);
    if (Parents.empty())
      return false;
    Node = Parents[0];
    const Stmt *Condition = nullptr;
    if (const auto *If = Node.get<IfStmt>())
      Condition = If->getCond();
    else if (const auto *Cond = Node.get<ConditionalOperator>())
      Condition = Cond->getCond();
    if (Condition && comparesOwners(Condition, A, B))
      return true;
    if (Node.get<FunctionDecl>() == &Function || Node.get<LambdaExpr>())
      return false;
  }
  return false;
}

SourceLocation siteOf(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return Call->getBeginLoc();
  return S->getBeginLoc();
}

} // namespace

LockOrderCheck::LockOrderCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      MaxCycleLength(Options.get("MaxCycleLength", 5U)),
      Vocab(analysis::readLockVocabulary(Options)),
      Threads(analysis::readThreadVocabulary(Options)) {}

void LockOrderCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  analysis::storeLockVocabulary(Options, Opts, Vocab);
  Options.store(Opts, "MaxCycleLength", MaxCycleLength);
  analysis::storeThreadVocabulary(Options, Opts, Threads);
}

void LockOrderCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(stmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("function"),
                     this);
  analysis::addThreadStartMatchers(*Finder, Threads, this);
}

const std::vector<LockOrderCheck::Acquisition> &
LockOrderCheck::acquiredBy(const FunctionDecl *Function, ASTContext &Ctx,
                           unsigned Depth) {
  static const std::vector<Acquisition> None;
  const FunctionDecl *Definition = Function->getDefinition();
  if (Definition == nullptr || !Definition->hasBody() ||
      Definition->isDependentContext() ||
      Ctx.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return None;
  if (auto It = Acquired.find(Definition); It != Acquired.end())
    return It->second;
  if (Depth > MaxCallDepth || InProgress.count(Definition))
    return None;
  InProgress.insert(Definition);
  std::vector<Acquisition> Result;
  const Stmt &Body = *Definition->getBody();
  for (const analysis::LockOperationSite &Site :
       analysis::collectLockOperations(Body, Vocab, Ctx)) {
    if (Site.Op.K == LockOperation::Release ||
        Site.Op.K == LockOperation::TryAcquire)
      continue;
    for (const Expr *Lock : Site.Op.Locks)
      if (LockKey Key = analysis::lockKeyOf(Lock))
        Result.push_back({Key, Site.Site});
  }
  CallCollector Calls;
  Calls.TraverseStmt(const_cast<Stmt *>(&Body));
  for (const auto &[Call, Callee] : Calls.Callees) {
    if (analysis::classifyLockCall(*Call, Vocab))
      continue;
    for (const Acquisition &Inner : acquiredBy(Callee, Ctx, Depth + 1))
      if (llvm::none_of(Result, [&](const Acquisition &A) {
            return A.Key == Inner.Key;
          }))
        Result.push_back(Inner);
  }
  InProgress.erase(Definition);
  return Acquired[Definition] = std::move(Result);
}

void LockOrderCheck::addEdge(LockKey From, LockKey To, const Edge &E,
                             llvm::ArrayRef<HeldLock> Held) {
  Nodes.insert({From.Decl, Nodes.size()});
  Nodes.insert({To.Decl, Nodes.size()});
  // A read lock is no gate: two readers hold it at once.
  llvm::SmallVector<const ValueDecl *, 2> Gates;
  for (const HeldLock &H : Held)
    if (H.Key && !H.Shared && !(H.Key == From) && !(H.Key == To) &&
        !llvm::is_contained(Gates, H.Key.Decl))
      Gates.push_back(H.Key.Decl);
  auto [It, New] = Edges.insert({{From.Decl, To.Decl}, E});
  Edge &Known = It->second;
  if (New)
    Known.Gates = Gates;
  else
    llvm::erase_if(Known.Gates, [&](const ValueDecl *G) {
      return !llvm::is_contained(Gates, G);
    });
  if (Known.Overflow)
    return;
  std::pair<const FunctionDecl *, const Stmt *> Site{
      Analysing, E.Call ? E.Call : E.AcquireSite};
  if (!Site.first) {
    Known.Sites.clear();
    Known.Overflow = true;
  } else if (!llvm::is_contained(Known.Sites, Site)) {
    Known.Sites.push_back(Site);
    if (Known.Sites.size() > MaxEdgeSites) {
      Known.Sites.clear();
      Known.Overflow = true;
    }
  }
}

const analysis::ConcurrencyModel &
LockOrderCheck::modelOf(const Decl *Spawner) {
  std::unique_ptr<analysis::ConcurrencyModel> &Model = Models[Spawner];
  if (!Model)
    Model = std::make_unique<analysis::ConcurrencyModel>(
        *Spawner, StartsBySpawner.lookup(Spawner), *LastContext, Threads);
  return *Model;
}

bool LockOrderCheck::ordersNeverOverlap(
    llvm::ArrayRef<const Edge *> CycleEdges) {
  if (LastContext == nullptr || StartsBySpawner.empty())
    return false;
  // Where a function runs: as the spawning code of one spawner, or as the
  // body of some of its threads (a body started twice runs twice).
  struct Placement {
    const Decl *Spawner = nullptr;
    llvm::SmallVector<int, 2> Threads;
  };
  std::optional<DirectCallees> Calls;
  auto Place = [&](const FunctionDecl *F) -> std::optional<Placement> {
    std::optional<Placement> Found;
    auto Add = [&](const Decl *Spawner, int Thread) {
      if (Found && Found->Spawner != Spawner)
        return false; // Run by two spawners: no one model orders it.
      if (!Found)
        Found = Placement{Spawner, {}};
      Found->Threads.push_back(Thread);
      return true;
    };
    const Decl *Canonical = F->getCanonicalDecl();
    for (const auto &[Spawner, Starts] : StartsBySpawner) {
      if (Spawner->getCanonicalDecl() == Canonical &&
          !Add(Spawner, analysis::ProgramPoint::Spawner))
        return std::nullopt;
      for (unsigned I = 0; I < Starts.size(); ++I) {
        const FunctionDecl *Body = Starts[I].bodyFunction();
        if (Body && Body->getCanonicalDecl() == Canonical &&
            !Add(Spawner, static_cast<int>(I)))
          return std::nullopt;
      }
    }
    if (Found && llvm::is_contained(Found->Threads,
                                    analysis::ProgramPoint::Spawner))
      return Found;
    if (Found) {
      if (!Calls) {
        Calls.emplace(LastContext->getSourceManager());
        Calls->TraverseDecl(LastContext->getTranslationUnitDecl());
      }
      if (Calls->Called.contains(F->getCanonicalDecl()))
        return std::nullopt;
    }
    return Found;
  };
  for (unsigned I = 0; I < CycleEdges.size(); ++I) {
    if (CycleEdges[I]->Overflow || CycleEdges[I]->Sites.empty())
      return false;
    for (unsigned J = I + 1; J < CycleEdges.size(); ++J)
      for (const auto &[FA, SA] : CycleEdges[I]->Sites)
        for (const auto &[FB, SB] : CycleEdges[J]->Sites) {
          std::optional<Placement> A = Place(FA), B = Place(FB);
          if (!A || !B || A->Spawner != B->Spawner)
            return false;
          const analysis::ConcurrencyModel &Model = modelOf(A->Spawner);
          for (int TA : A->Threads)
            for (int TB : B->Threads)
              if (Model.concurrent({TA, SA}, {TB, SB}))
                return false;
        }
  }
  return true;
}

bool LockOrderCheck::callsKeepOneOrder(const FunctionDecl &Function,
                                       const TrackedObject &First,
                                       const TrackedObject &Second,
                                       ASTContext &Ctx) {
  if (!Unit || &Unit->context() != &Ctx)
    Unit = std::make_unique<analysis::LockUnit>(Ctx, Vocab, Threads);
  std::optional<std::vector<const CallExpr *>> Calls = Unit->callsOf(Function);
  if (!Calls || Calls->empty())
    return false;
  // What a call passes for one side of the pair: an argument, or the
  // object a method is called on; known when it is a variable of the
  // caller or a global (or a member of one), not a parameter (whose order
  // is the caller's caller's).
  auto Passed = [&](const CallExpr *Call,
                    const TrackedObject &Side) -> const ValueDecl * {
    const Expr *Arg = nullptr;
    if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(Side.Base)) {
      unsigned Shift = isa<CXXOperatorCallExpr>(Call) &&
                               isa<CXXMethodDecl>(Function)
                           ? 1
                           : 0;
      if (Param->getFunctionScopeIndex() + Shift < Call->getNumArgs())
        Arg = Call->getArg(Param->getFunctionScopeIndex() + Shift);
    } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      Arg = Member->getImplicitObjectArgument();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
               Op && Op->getNumArgs() > 0) {
      Arg = Op->getArg(0);
    }
    std::optional<TrackedObject> Object = TrackedObject::fromExpr(Arg);
    if (!Object || isa<ParmVarDecl>(Object->Base) ||
        isa<FieldDecl>(Object->Base))
      return nullptr;
    return Object->Member ? static_cast<const ValueDecl *>(Object->Member)
                          : Object->Base;
  };
  // The orders passed, as edges between the objects; one order means no
  // cycle among them (and never the same object on both sides).
  std::map<const ValueDecl *, llvm::SmallVector<const ValueDecl *, 2>> After;
  for (const CallExpr *Call : *Calls) {
    const ValueDecl *A = Passed(Call, First), *B = Passed(Call, Second);
    if (!A || !B || A == B)
      return false;
    After[A].push_back(B);
  }
  std::map<const ValueDecl *, int> Mark; // 1: on the path, 2: done.
  std::function<bool(const ValueDecl *)> Cyclic = [&](const ValueDecl *N) {
    Mark[N] = 1;
    for (const ValueDecl *Next : After[N])
      if (Mark[Next] == 1 || (Mark[Next] == 0 && Cyclic(Next)))
        return true;
    Mark[N] = 2;
    return false;
  };
  for (const auto &[N, Unused] : After)
    if (Mark[N] == 0 && Cyclic(N))
      return false;
  return true;
}

void LockOrderCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  LastContext = Result.Context;
  if (const auto *StartExpr = Result.Nodes.getNodeAs<Expr>("start")) {
    std::optional<analysis::ThreadStart> Start = analysis::classifyThreadStart(StartExpr, Threads);
    if (!Start || Start->body() == nullptr)
      return;
    const Decl *Spawner = analysis::enclosingFunction(Start->Spawn, *Result.Context);
    if (Spawner == nullptr || Spawner->getBody() == nullptr ||
        Spawner->isTemplated())
      return;
    std::vector<analysis::ThreadStart> &Starts = StartsBySpawner[Spawner];
    if (llvm::none_of(Starts, [&](const analysis::ThreadStart &Known) {
          return Known.Spawn == Start->Spawn;
        }))
      Starts.push_back(*Start);
    return;
  }
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Function->isDependentContext() || !Analysed.insert(Function).second)
    return;
  ASTContext &Ctx = *Result.Context;
  if (!analysis::mayTouchLocks(*Function->getBody(), Vocab, Ctx))
    return;

  Analysing = Function;
  analysis::LockFlowClient Client(Vocab);
  Client.Analysed = Function;
  Client.OnAcquire = [&](const Stmt &Site, const LockOperation &Op,
                         llvm::ArrayRef<HeldLock> Held) {
    if (Op.K == LockOperation::TryAcquire)
      return; // A try-lock does not wait: it cannot deadlock.
    for (const Expr *Lock : Op.Locks) {
      // A lock through a pointer chosen among several is any of them.
      llvm::SmallVector<LockKey, 2> Keys = Client.keysOf(Lock);
      LockKey Key = Keys.empty() ? LockKey() : Keys.front();
      std::optional<TrackedObject> Object = Client.objectOf(Lock);
      for (const HeldLock &H : Held) {
        llvm::SmallVector<LockKey, 2> HeldKeys;
        if (H.Key)
          HeldKeys.push_back(H.Key);
        llvm::append_range(HeldKeys, H.Alternatives);
        bool Edged = false;
        for (const LockKey &From : HeldKeys)
          for (const LockKey &To : Keys)
            if (!(From == To)) {
              addEdge(From, To, {H.Site, &Site, nullptr, nullptr, {}}, Held);
              Edged = true;
            }
        if (Edged)
          continue;
        if (!(Key == H.Key) || !Object || !H.Object ||
            !isCallerChosenPair(*H.Object, *Object) || H.Site == nullptr)
          continue;
        // Ordered by the code (a key or address comparison chooses which
        // goes first), or by every caller in this file; or held under a
        // common gate lock.
        if (orderedByComparison(Site, *H.Object, *Object, *Function, Ctx) ||
            callsKeepOneOrder(*Function, *H.Object, *Object, Ctx) ||
            llvm::any_of(Held, [&](const HeldLock &G) {
              return G.Key && !G.Shared && !(G.Key == Key);
            }))
          continue;
        SourceLocation Loc = siteOf(&Site);
        if (Loc.isMacroID() || !Reported.insert(Loc).second)
          continue;
        diag(Loc, "'%0' is locked while '%1' is held, a lock of the same "
                  "kind in another object: a call with the two swapped "
                  "locks them in the other order, and the two calls "
                  "deadlock; %select{give the objects one order (by address, "
                  "or an id) and always lock in it|lock both at once with "
                  "std::scoped_lock}2")
            << Object->name() << H.Object->name() << getLangOpts().CPlusPlus;
        diag(siteOf(H.Site), "'%0' is locked here", DiagnosticIDs::Note)
            << H.Object->name();
      }
    }
  };
  Client.OnCall = [&](const CallExpr &Call, llvm::ArrayRef<HeldLock> Held) {
    if (Held.empty())
      return;
    const FunctionDecl *Callee = Call.getDirectCallee();
    if (Callee == nullptr)
      return;
    for (const Acquisition &Inner : acquiredBy(Callee, Ctx, 0))
      for (const HeldLock &H : Held)
        if (H.Key && !(H.Key == Inner.Key))
          addEdge(H.Key, Inner.Key, {H.Site, Inner.Site, &Call, Callee, {}},
                  Held);
  };
  analysis::runTrackedObjectFlow(*Function, Ctx, Client);
  Analysing = nullptr;
}

void LockOrderCheck::onEndOfTranslationUnit() {
  // Elementary cycles, each found once: from its first-seen node, through
  // nodes seen later only.
  unsigned N = Nodes.size();
  std::vector<const ValueDecl *> NodeDecl(N);
  for (const auto &[Decl, Index] : Nodes)
    NodeDecl[Index] = Decl;
  std::vector<std::vector<unsigned>> Successors(N);
  for (const auto &[Key, E] : Edges)
    Successors[Nodes.lookup(Key.first)].push_back(Nodes.lookup(Key.second));
  for (auto &List : Successors)
    llvm::sort(List);

  unsigned Found = 0;
  std::vector<unsigned> Path;
  std::vector<bool> OnPath(N, false);
  std::function<void(unsigned, unsigned)> Walk = [&](unsigned Start,
                                                     unsigned Node) {
    for (unsigned Next : Successors[Node]) {
      if (Found >= MaxCyclesReported)
        return;
      if (Next == Start && Path.size() >= 2) {
        std::vector<LockKey> Cycle;
        for (unsigned I : Path)
          Cycle.push_back({NodeDecl[I]});
        reportCycle(Cycle);
        ++Found;
        continue;
      }
      if (Next <= Start || OnPath[Next] || Path.size() >= MaxCycleLength)
        continue;
      Path.push_back(Next);
      OnPath[Next] = true;
      Walk(Start, Next);
      OnPath[Next] = false;
      Path.pop_back();
    }
  };
  for (unsigned Start = 0; Start < N; ++Start) {
    Path = {Start};
    OnPath[Start] = true;
    Walk(Start, Start);
    OnPath[Start] = false;
  }

  Edges.clear();
  Nodes.clear();
  Acquired.clear();
  Analysed.clear();
  Models.clear();
  StartsBySpawner.clear();
  LastContext = nullptr;
}

void LockOrderCheck::reportCycle(llvm::ArrayRef<LockKey> Cycle) {
  auto EdgeOf = [&](unsigned I) -> const Edge & {
    return Edges.at({Cycle[I].Decl, Cycle[(I + 1) % Cycle.size()].Decl});
  };
  // A gate lock held at every acquisition of the cycle: only one thread
  // at a time takes any of these orders.
  llvm::SmallVector<const ValueDecl *, 2> Gates = EdgeOf(0).Gates;
  for (unsigned I = 1; I < Cycle.size(); ++I)
    llvm::erase_if(Gates, [&](const ValueDecl *G) {
      return !llvm::is_contained(EdgeOf(I).Gates, G);
    });
  if (!Gates.empty())
    return;
  llvm::SmallVector<const Edge *, 4> CycleEdges;
  for (unsigned I = 0; I < Cycle.size(); ++I)
    CycleEdges.push_back(&EdgeOf(I));
  if (ordersNeverOverlap(CycleEdges))
    return;
  auto AcquireLoc = [&](const Edge &E) {
    return E.Call ? E.Call->getBeginLoc() : siteOf(E.AcquireSite);
  };
  std::string Order;
  for (const LockKey &Key : Cycle)
    Order += "'" + Key.name() + "' -> ";
  Order += "'" + Cycle.front().name() + "'";

  const Edge &First = EdgeOf(0);
  SourceLocation Loc = AcquireLoc(First);
  if (Loc.isInvalid() || Loc.isMacroID())
    return;
  // C has no std::scoped_lock: one order is its only advice.
  diag(Loc, "lock order cycle %0: threads that take these locks in these "
            "orders can deadlock; %select{always take them in one order|"
            "take them together with std::scoped_lock (or std::lock), or "
            "always in one order}1")
      << Order << getLangOpts().CPlusPlus;
  for (unsigned I = 0; I < Cycle.size(); ++I) {
    const Edge &E = EdgeOf(I);
    std::string Held = Cycle[I].name();
    std::string Taken = Cycle[(I + 1) % Cycle.size()].name();
    if (E.HeldSite)
      diag(siteOf(E.HeldSite), "'%0' is acquired here", DiagnosticIDs::Note)
          << Held;
    if (E.Call)
      diag(E.Call->getBeginLoc(),
           "'%0' is acquired in '%1', called here while '%2' is held",
           DiagnosticIDs::Note)
          << Taken << E.Callee->getName() << Held;
    else
      diag(siteOf(E.AcquireSite), "'%0' is acquired here while '%1' is held",
           DiagnosticIDs::Note)
          << Taken << Held;
  }
}

} // namespace clang::tidy::conc
