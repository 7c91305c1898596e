//===--- LockOrderCheck.cpp - conc-tidy -----------------------------------===//
//
// Part of conc. Go's rule: one global lock order; several locks at once
// through one call.
//
//===----------------------------------------------------------------------===//

#include "LockOrderCheck.h"
#include "analysis/ErrorRecovery.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

using analysis::TrackedObject;
using locks::HeldLock;
using locks::LockKey;
using locks::LockOperation;

constexpr unsigned MaxCallDepth = 4;
constexpr unsigned MaxCyclesReported = 100;

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

SourceLocation siteOf(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return Call->getBeginLoc();
  return S->getBeginLoc();
}

} // namespace

LockOrderCheck::LockOrderCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      LockFunctions(utils::options::parseStringList(
          Options.get("LockFunctions", ""))),
      UnlockFunctions(utils::options::parseStringList(
          Options.get("UnlockFunctions", ""))),
      MaxCycleLength(Options.get("MaxCycleLength", 5U)) {
  Vocab.LockFunctions = LockFunctions;
  Vocab.UnlockFunctions = UnlockFunctions;
}

void LockOrderCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LockFunctions",
                utils::options::serializeStringList(LockFunctions));
  Options.store(Opts, "UnlockFunctions",
                utils::options::serializeStringList(UnlockFunctions));
  Options.store(Opts, "MaxCycleLength", MaxCycleLength);
}

void LockOrderCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(stmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("function"),
                     this);
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
  for (const locks::LockOperationSite &Site :
       locks::collectLockOperations(Body, Vocab, Ctx)) {
    if (Site.Op.K == LockOperation::Release ||
        Site.Op.K == LockOperation::TryAcquire)
      continue;
    for (const Expr *Lock : Site.Op.Locks)
      if (LockKey Key = locks::lockKeyOf(Lock))
        Result.push_back({Key, Site.Site});
  }
  CallCollector Calls;
  Calls.TraverseStmt(const_cast<Stmt *>(&Body));
  for (const auto &[Call, Callee] : Calls.Callees) {
    if (locks::classifyLockCall(*Call, Vocab))
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

void LockOrderCheck::addEdge(LockKey From, LockKey To, const Edge &E) {
  Nodes.insert({From.Decl, Nodes.size()});
  Nodes.insert({To.Decl, Nodes.size()});
  Edges.insert({{From.Decl, To.Decl}, E});
}

void LockOrderCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Function->isDependentContext() || !Analysed.insert(Function).second)
    return;
  ASTContext &Ctx = *Result.Context;
  if (locks::collectLockOperations(*Function->getBody(), Vocab, Ctx).empty())
    return;

  locks::LockFlowClient Client(Vocab);
  Client.Analysed = Function;
  Client.OnAcquire = [&](const Stmt &Site, const LockOperation &Op,
                         llvm::ArrayRef<HeldLock> Held) {
    if (Op.K == LockOperation::TryAcquire)
      return; // A try-lock does not wait: it cannot deadlock.
    for (const Expr *Lock : Op.Locks) {
      LockKey Key = locks::lockKeyOf(Lock);
      std::optional<TrackedObject> Object = TrackedObject::fromExpr(Lock);
      for (const HeldLock &H : Held) {
        if (Key && H.Key && !(Key == H.Key)) {
          addEdge(H.Key, Key, {H.Site, &Site, nullptr, nullptr});
          continue;
        }
        if (!(Key == H.Key) || !Object || !H.Object ||
            !isCallerChosenPair(*H.Object, *Object) || H.Site == nullptr)
          continue;
        SourceLocation Loc = siteOf(&Site);
        if (Loc.isMacroID() || !Reported.insert(Loc).second)
          continue;
        diag(Loc, "'%0' is locked while '%1' is held, a lock of the same "
                  "kind in another object: a call with the two swapped "
                  "locks them in the other order, and the two calls "
                  "deadlock; lock both at once with std::scoped_lock")
            << Object->name() << H.Object->name();
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
          addEdge(H.Key, Inner.Key, {H.Site, Inner.Site, &Call, Callee});
  };
  analysis::runTrackedObjectFlow(*Function, Ctx, Client);
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
}

void LockOrderCheck::reportCycle(llvm::ArrayRef<LockKey> Cycle) {
  auto EdgeOf = [&](unsigned I) -> const Edge & {
    return Edges.at({Cycle[I].Decl, Cycle[(I + 1) % Cycle.size()].Decl});
  };
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
  diag(Loc, "lock order cycle %0: threads that take these locks in these "
            "orders can deadlock; take them together with std::scoped_lock "
            "(or std::lock), or always in one order")
      << Order;
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
