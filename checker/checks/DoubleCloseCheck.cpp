//===--- DoubleCloseCheck.cpp - conc-tidy ---------------------------------===//
//
// Part of conc. A channel is closed once, by its only sender.
//
//===----------------------------------------------------------------------===//

#include "DoubleCloseCheck.h"
#include "analysis/UnitParents.h"
#include "analysis/ConcurrencyModel.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/ThreadVocabularyOptions.h"

#include "analysis/TrackedObjectFlow.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

using analysis::TrackedObject;

constexpr char DefaultChannelTypes[] = "::conc::Channel;::conc::Sender";
constexpr char DefaultCloseMethods[] = "close";
constexpr char DefaultSendMethods[] = "send;try_send;send_for;send_until";
constexpr char DefaultClosedQueries[] = "is_closed;closed";

enum ChannelState : unsigned { Open, Closed, NumChannelStates };
enum ChannelFinding : unsigned { CloseWhenClosed, SendWhenClosed };

/// The member call's method name, or "".
StringRef methodName(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  return Method && Method->getIdentifier() ? Method->getName() : StringRef();
}

/// Open and Closed on the paths of one function.
class ChannelClient : public analysis::FlowClient {
public:
  explicit ChannelClient(const DoubleCloseCheck &Check) : Check(Check) {}
  unsigned numStates() const override { return NumChannelStates; }

  void transfer(const Stmt &S, analysis::TransferContext &Ctx) override {
    // Every channel the function names is tracked from its first mention,
    // so that a callee's summary can close it.
    if (isa<DeclRefExpr, MemberExpr>(S)) {
      const auto &E = cast<Expr>(S);
      if (Check.isChannel(&E))
        if (auto Channel = TrackedObject::fromExpr(&E))
          if (!Ctx.state().isTracked(*Channel))
            Ctx.state().set(*Channel, Open, &S);
      return;
    }
    const auto *Call = dyn_cast<CallExpr>(&S);
    if (Call == nullptr)
      return;
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    if (Member && Check.isChannel(Member->getImplicitObjectArgument())) {
      StringRef Name = methodName(*Member);
      auto Channel =
          TrackedObject::fromExpr(Member->getImplicitObjectArgument());
      if (!Channel)
        return;
      if (Check.isCloseMethod(Name)) {
        if (Ctx.state().has(*Channel, Closed))
          Ctx.report(CloseWhenClosed, *Channel, S);
        Ctx.state().set(*Channel, Closed, &S);
      } else if (Check.isSendMethod(Name) && Ctx.state().has(*Channel, Closed)) {
        Ctx.report(SendWhenClosed, *Channel, S);
      }
      return;
    }
    if (Ctx.summaries())
      Ctx.summaries()->applyCallSummary(*Call, Ctx.state());
  }

  /// `if (!ch.is_closed()) ch.close();` closes only an open channel.
  void refineOnBranch(const Expr &Condition, bool Value,
                      analysis::FlowState &State) override {
    const Expr *E = Condition.IgnoreParenImpCasts();
    while (const auto *Not = dyn_cast<UnaryOperator>(E)) {
      if (Not->getOpcode() != UO_LNot)
        return;
      Value = !Value;
      E = Not->getSubExpr()->IgnoreParenImpCasts();
    }
    const auto *Query = dyn_cast<CXXMemberCallExpr>(E);
    if (Query == nullptr || !Check.isClosedQuery(methodName(*Query)) ||
        !Check.isChannel(Query->getImplicitObjectArgument()))
      return;
    if (auto Channel =
            TrackedObject::fromExpr(Query->getImplicitObjectArgument()))
      State.remove(*Channel, analysis::stateBit(Value ? Open : Closed));
  }

private:
  const DoubleCloseCheck &Check;
};

/// Is `S` inside a callable run at most once for everyone: a lambda passed to
/// std::call_once, or the branch of an `if` whose condition is an atomic
/// read-modify-write (`if (--remaining == 0)`, `if (left.fetch_sub(1) == 1)`:
/// the last one out closes)?
bool isRunOnce(const Stmt *S, const Stmt *Stop, ASTContext &Context) {
  DynTypedNode Node = DynTypedNode::create(*S);
  while (true) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Context);
    if (Parents.empty())
      return false;
    const DynTypedNode &Parent = Parents[0];
    const auto *ParentStmt = Parent.get<Stmt>();
    if (ParentStmt == Stop)
      return false;
    if (const auto *Call = dyn_cast_or_null<CallExpr>(ParentStmt))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        if (Callee->getQualifiedNameAsString() == "std::call_once")
          return true;
    if (const auto *If = dyn_cast_or_null<IfStmt>(ParentStmt)) {
      bool AtomicCondition = false;
      auto Matches = match(
          findAll(cxxMemberCallExpr(callee(cxxMethodDecl(
              hasAnyName("fetch_sub", "fetch_add", "exchange",
                         "compare_exchange_strong", "compare_exchange_weak",
                         "test_and_set")))).bind("op")),
          *If->getCond(), Context);
      AtomicCondition = !Matches.empty();
      if (!AtomicCondition)
        AtomicCondition = !match(findAll(cxxOperatorCallExpr(
                                     hasAnyOverloadedOperatorName("--", "++"),
                                     hasArgument(0, hasType(cxxRecordDecl(
                                                        matchesName("atomic"))))))
                                     , *If->getCond(), Context)
                               .empty();
      if (AtomicCondition)
        return true;
    }
    Node = Parent;
  }
}

/// The closes of channels inside `Body`, not counting those run once.
llvm::SmallVector<const CXXMemberCallExpr *, 2>
closesIn(const Stmt *Body, const DoubleCloseCheck &Check, ASTContext &Context) {
  llvm::SmallVector<const CXXMemberCallExpr *, 2> Closes;
  if (Body == nullptr)
    return Closes;
  for (const BoundNodes &Match :
       match(findAll(cxxMemberCallExpr().bind("call")), *Body, Context)) {
    const auto *Call = Match.getNodeAs<CXXMemberCallExpr>("call");
    if (Check.isCloseMethod(methodName(*Call)) &&
        Check.isChannel(Call->getImplicitObjectArgument()) &&
        !isRunOnce(Call, Body, Context))
      Closes.push_back(Call);
  }
  return Closes;
}

} // namespace

DoubleCloseCheck::DoubleCloseCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ChannelTypes(utils::options::parseStringList(
          Options.get("ChannelTypes", DefaultChannelTypes))),
      CloseMethods(utils::options::parseStringList(
          Options.get("CloseMethods", DefaultCloseMethods))),
      SendMethods(utils::options::parseStringList(
          Options.get("SendMethods", DefaultSendMethods))),
      ClosedQueries(utils::options::parseStringList(
          Options.get("ClosedQueries", DefaultClosedQueries))) {
  Vocabulary = analysis::readThreadVocabulary(Options);
}

void DoubleCloseCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ChannelTypes",
                utils::options::serializeStringList(ChannelTypes));
  Options.store(Opts, "CloseMethods",
                utils::options::serializeStringList(CloseMethods));
  Options.store(Opts, "SendMethods",
                utils::options::serializeStringList(SendMethods));
  Options.store(Opts, "ClosedQueries",
                utils::options::serializeStringList(ClosedQueries));
  analysis::storeThreadVocabulary(Options, Opts, Vocabulary);
}

bool DoubleCloseCheck::isChannel(const Expr *Object) const {
  return Object != nullptr && analysis::isOneOfTypes(Object->getType(), ChannelTypes);
}
bool DoubleCloseCheck::isCloseMethod(StringRef Name) const {
  return !Name.empty() && llvm::is_contained(CloseMethods, Name);
}
bool DoubleCloseCheck::isSendMethod(StringRef Name) const {
  return !Name.empty() && llvm::is_contained(SendMethods, Name);
}
bool DoubleCloseCheck::isClosedQuery(StringRef Name) const {
  return !Name.empty() && llvm::is_contained(ClosedQueries, Name);
}

void DoubleCloseCheck::registerMatchers(MatchFinder *Finder) {
  auto ChannelClass = cxxRecordDecl(
      anyOf(hasAnyName(ChannelTypes), isDerivedFrom(hasAnyName(ChannelTypes))));
  Finder->addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName(CloseMethods),
                                             ofClass(ChannelClass))),
                        unless(isExpansionInSystemHeader()))
          .bind("close"),
      this);
  analysis::addThreadStartMatchers(*Finder, Vocabulary, this);
}

void DoubleCloseCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  ASTContext &Context = *Result.Context;
  LastContext = &Context;
  if (const auto *Close = Result.Nodes.getNodeAs<CXXMemberCallExpr>("close")) {
    const auto *Function = dyn_cast_or_null<FunctionDecl>(
        analysis::enclosingFunction(Close, Context));
    if (Function && Function->hasBody() && !Function->isDependentContext() &&
        Analysed.insert(Function).second)
      checkPaths(*Function, Context);
    return;
  }
  std::optional<analysis::ThreadStart> Start =
      analysis::classifyThreadStart(Result.Nodes.getNodeAs<Expr>("start"), Vocabulary);
  if (!Start || Start->body() == nullptr)
    return;
  const Decl *Spawner = analysis::enclosingFunction(Start->Spawn, Context);
  if (Spawner == nullptr || Spawner->getBody() == nullptr ||
      Spawner->isTemplated())
    return;
  StartsBySpawner[Spawner].push_back(*Start);
}

void DoubleCloseCheck::checkPaths(const FunctionDecl &Function,
                                  ASTContext &Context) {
  ChannelClient Client(*this);
  analysis::FunctionSummaries Summaries(Client, Context, Open);
  analysis::FlowResult Result =
      analysis::runTrackedObjectFlow(Function, Context, Client, &Summaries);
  if (!Result.Complete)
    return;
  for (const analysis::Finding &Finding : Result.Findings) {
    SourceLocation Loc = cast<Expr>(Finding.Site)->getExprLoc();
    if (!Reported.insert(Loc).second)
      continue;
    std::string Name = Finding.Object.name();
    const Stmt *FirstClose = Finding.Facts.origin(Closed);
    bool SameSite = FirstClose == Finding.Site;
    if (Finding.Kind == CloseWhenClosed) {
      if (SameSite) {
        diag(Loc, "'%0' is closed inside a loop: the next iteration closes "
                  "it again; close it once, after the loop")
            << Name;
        continue;
      }
      diag(Loc, "'%0' may be closed twice: it is already closed on a path "
                "that reaches this close; only its single sender closes it, "
                "once")
          << Name;
    } else {
      diag(Loc, "'%0' on '%1' after it may have been closed on a path that "
                "reaches here; a send on a closed channel fails")
          << methodName(*cast<CXXMemberCallExpr>(Finding.Site)) << Name;
    }
    if (FirstClose != nullptr && !SameSite) {
      bool ByCall = !isa<CXXMemberCallExpr>(FirstClose);
      diag(cast<Expr>(FirstClose)->getExprLoc(),
           ByCall ? "'%0' is closed by this call" : "'%0' is closed here first",
           DiagnosticIDs::Note)
          << Name;
    }
  }
}

void DoubleCloseCheck::onEndOfTranslationUnit() {
  if (LastContext != nullptr)
    for (const auto &[Spawner, Starts] : StartsBySpawner)
      checkClosers(Spawner, Starts, *LastContext);
  StartsBySpawner.clear();
  Analysed.clear();
}

/// Several closers: closes of the same channel in two threads started by
/// one function, in a thread started by a loop, or in a thread and in the
/// spawning code after the start.
void DoubleCloseCheck::checkClosers(const Decl *Spawner,
                                    llvm::ArrayRef<analysis::ThreadStart> Starts,
                                    ASTContext &Context) {
  struct Closer {
    const CXXMemberCallExpr *Close;
    int Thread; ///< -1: the spawning code.
  };
  llvm::MapVector<const ValueDecl *, llvm::SmallVector<Closer, 2>> ByChannel;
  for (unsigned I = 0; I < Starts.size(); ++I)
    for (const CXXMemberCallExpr *Close :
         closesIn(Starts[I].body(), *this, Context)) {
      const ValueDecl *Inner = analysis::namedEntity(Close->getImplicitObjectArgument());
      const ValueDecl *Channel = Inner ? analysis::outerEntity(Starts[I], Inner) : nullptr;
      if (Channel == nullptr && Inner != nullptr)
        if (const auto *Var = dyn_cast<VarDecl>(Inner))
          if (!Var->hasLocalStorage())
            Channel = Var; // a global
      if (Channel == nullptr)
        continue;
      // Two closes in one thread are a path question (checkPaths).
      auto &Closers = ByChannel[Channel];
      if (llvm::none_of(Closers, [&](const Closer &C) {
            return C.Thread == static_cast<int>(I);
          }))
        Closers.push_back({Close, static_cast<int>(I)});
    }
  if (ByChannel.empty())
    return;
  // The spawning code's own closes that can run after a thread that closes
  // has started (a CFG path from the start to the close; a close that only
  // runs before the start, or on another branch, is no second closer).
  analysis::ConcurrencyModel Model(*Spawner, Starts, Context, Vocabulary);
  constexpr int InSpawner = analysis::ProgramPoint::Spawner;
  for (const CXXMemberCallExpr *Close :
       closesIn(Spawner->getBody(), *this, Context)) {
    if (analysis::enclosingFunction(Close, Context) != Spawner)
      continue;
    const ValueDecl *Channel = analysis::namedEntity(Close->getImplicitObjectArgument());
    auto It = ByChannel.find(Channel);
    if (It == ByChannel.end())
      continue;
    bool AfterAStart = llvm::any_of(It->second, [&](const Closer &C) {
      return Model.reaches({InSpawner, Starts[C.Thread].Spawn},
                           {InSpawner, Close});
    });
    if (AfterAStart)
      It->second.push_back({Close, -1});
  }

  for (auto &[Channel, Closers] : ByChannel) {
    const Closer &First = Closers.front();
    // Started more than once (a loop around the start, joined in the loop
    // or not): each run closes it.
    bool Repeated = First.Thread >= 0 &&
                    Model.reaches({InSpawner, Starts[First.Thread].Spawn},
                                  {InSpawner, Starts[First.Thread].Spawn});
    if (Closers.size() < 2 && !Repeated)
      continue;
    const Closer &Second = Closers.size() >= 2 ? Closers[1] : First;
    if (!Reported.insert(Second.Close->getExprLoc()).second)
      continue;
    if (Closers.size() < 2) {
      diag(First.Close->getExprLoc(),
           "'%0' is closed by every thread this loop starts; only its single "
           "sender closes it, once")
          << Channel->getName();
      diag(Starts[First.Thread].Spawn->getBeginLoc(),
           "the threads are started here", DiagnosticIDs::Note);
      continue;
    }
    diag(Second.Close->getExprLoc(),
         "'%0' is closed %select{by more than one thread|both by a thread and "
         "by the code that started it}1; only its single sender closes it, "
         "once")
        << Channel->getName() << (Second.Thread < 0);
    diag(First.Close->getExprLoc(), "'%0' is also closed here",
         DiagnosticIDs::Note)
        << Channel->getName();
    for (const Closer *C : {&First, &Second})
      if (C->Thread >= 0)
        diag(Starts[C->Thread].Spawn->getBeginLoc(),
             "a closing thread is started here", DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::conc
