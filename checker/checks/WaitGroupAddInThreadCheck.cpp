//===--- WaitGroupAddInThreadCheck.cpp - conc-tidy ------------------------===//
//
// Part of conc. Go's rule: call WaitGroup.Add before the `go` statement.
//
//===----------------------------------------------------------------------===//

#include "WaitGroupAddInThreadCheck.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/ThreadVocabularyOptions.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

constexpr char DefaultWaitGroupTypes[] = "::conc::WaitGroup";

/// Calls of one of `Methods` on a wait group, anywhere inside `Root`.
llvm::SmallVector<const CXXMemberCallExpr *, 4>
groupCalls(const Stmt *Root, llvm::ArrayRef<StringRef> Types,
           llvm::ArrayRef<StringRef> Methods, ASTContext &Context) {
  llvm::SmallVector<const CXXMemberCallExpr *, 4> Calls;
  if (Root == nullptr)
    return Calls;
  auto Matches = match(
      findAll(cxxMemberCallExpr(
                  callee(cxxMethodDecl(hasAnyName(Methods),
                                       ofClass(hasAnyName(Types)))))
                  .bind("call")),
      *Root, Context);
  for (const BoundNodes &Match : Matches)
    Calls.push_back(Match.getNodeAs<CXXMemberCallExpr>("call"));
  return Calls;
}

const ValueDecl *groupOf(const CXXMemberCallExpr *Call) {
  return analysis::namedEntity(Call->getImplicitObjectArgument());
}

} // namespace

WaitGroupAddInThreadCheck::WaitGroupAddInThreadCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      WaitGroupTypes(utils::options::parseStringList(
          Options.get("WaitGroupTypes", DefaultWaitGroupTypes))),
      AddMethods(utils::options::parseStringList(Options.get("AddMethods", "add"))),
      WaitMethods(utils::options::parseStringList(
          Options.get("WaitMethods", "wait;wait_for;wait_until"))) {
  Vocabulary = analysis::readThreadVocabulary(Options);
}

void WaitGroupAddInThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "WaitGroupTypes",
                utils::options::serializeStringList(WaitGroupTypes));
  Options.store(Opts, "AddMethods",
                utils::options::serializeStringList(AddMethods));
  Options.store(Opts, "WaitMethods",
                utils::options::serializeStringList(WaitMethods));
  analysis::storeThreadVocabulary(Options, Opts, Vocabulary);
}

void WaitGroupAddInThreadCheck::registerMatchers(MatchFinder *Finder) {
  analysis::addThreadStartMatchers(*Finder, Vocabulary, this);
}

void WaitGroupAddInThreadCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  ASTContext &Context = *Result.Context;
  const SourceManager &SM = Context.getSourceManager();
  std::optional<analysis::ThreadStart> Start =
      analysis::classifyThreadStart(Result.Nodes.getNodeAs<Expr>("start"), Vocabulary);
  if (!Start || Start->body() == nullptr)
    return;
  const auto *Spawner = dyn_cast_or_null<FunctionDecl>(
      analysis::enclosingFunction(Start->Spawn, Context));
  if (Spawner == nullptr || !Spawner->hasBody())
    return;

  for (const CXXMemberCallExpr *Add :
       groupCalls(Start->body(), WaitGroupTypes, AddMethods, Context)) {
    const ValueDecl *Inner = groupOf(Add);
    if (Inner == nullptr)
      continue;
    const ValueDecl *Group = analysis::outerEntity(*Start, Inner);
    if (Group == nullptr) {
      const auto *Global = dyn_cast<VarDecl>(Inner);
      if (Global == nullptr || Global->hasLocalStorage())
        continue;
      Group = Global;
    }

    // Who waits: the spawning function, after the spawn; for a member, any
    // method of its class (Go's Stop() that waits for the workers).
    const CXXMemberCallExpr *Wait = nullptr;
    auto FindWait = [&](const Stmt *Root, bool AfterSpawn) {
      for (const CXXMemberCallExpr *Call :
           groupCalls(Root, WaitGroupTypes, WaitMethods, Context))
        if (groupOf(Call) == Group && !analysis::isWithin(Call, Start->body(), SM) &&
            (!AfterSpawn ||
             analysis::isBefore(Start->Spawn->getBeginLoc(), Call->getBeginLoc(), SM)))
          return Call;
      return static_cast<const CXXMemberCallExpr *>(nullptr);
    };
    Wait = FindWait(Spawner->getBody(), /*AfterSpawn=*/true);
    if (Wait == nullptr)
      if (const auto *Field = dyn_cast<FieldDecl>(Group))
        if (const auto *Record = dyn_cast<CXXRecordDecl>(Field->getParent()))
        for (const CXXMethodDecl *Method : Record->methods()) {
          const FunctionDecl *Definition = nullptr;
          if (Method->hasBody(Definition) && Definition != Spawner &&
              (Wait = FindWait(Definition->getBody(), /*AfterSpawn=*/false)))
            break;
        }
    if (Wait == nullptr)
      continue;

    // A thread that runs while the spawner's own `add` keeps the counter
    // above zero may add more: the wait cannot have returned yet.
    bool CounterHeldBySpawner = false;
    for (const CXXMemberCallExpr *SpawnerAdd :
         groupCalls(Spawner->getBody(), WaitGroupTypes, AddMethods, Context))
      if (groupOf(SpawnerAdd) == Group &&
          !analysis::isWithin(SpawnerAdd, Start->body(), SM) &&
          analysis::isBefore(SpawnerAdd->getBeginLoc(), Start->Spawn->getBeginLoc(), SM))
        CounterHeldBySpawner = true;
    if (CounterHeldBySpawner)
      continue;

    if (!Reported.insert(Add->getExprLoc()).second)
      continue;
    StringRef Kind =
        Start->Kind == analysis::ThreadStart::GroupTask ? "task" : "thread";
    diag(Add->getExprLoc(),
         "'%0' on wait group '%1' runs inside the %2 it counts; '%3' may "
         "return before it runs; call '%0' before starting the %2")
        << Add->getDirectCallee()->getName() << Group->getName() << Kind
        << Wait->getDirectCallee()->getName();
    diag(Start->Spawn->getBeginLoc(), "the %0 is started here",
         DiagnosticIDs::Note)
        << Kind;
    diag(Wait->getExprLoc(), "'%0' waits on '%1' here", DiagnosticIDs::Note)
        << Wait->getDirectCallee()->getName() << Group->getName();
  }
}

} // namespace clang::tidy::conc
