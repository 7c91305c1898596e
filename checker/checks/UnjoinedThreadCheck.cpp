//===--- UnjoinedThreadCheck.cpp - conc-tidy ------------------------------===//
//
// Part of conc. Go's rule: a goroutine has an owner that waits for it.
//
//===----------------------------------------------------------------------===//

#include "UnjoinedThreadCheck.h"
#include "analysis/ExitNotes.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/ThreadLifetimeClient.h"
#include "analysis/ThreadVocabularyOptions.h"
#include "analysis/ThreadBodies.h"
#include "analysis/TrackedObjectFlow.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include <map>

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

using analysis::ExitEvent;
using analysis::ExitKind;
using analysis::TrackedObject;
using analysis::ThreadLifetimeClient;
using analysis::ThreadObjectKind;

/// Does the body create or hold anything the client follows? Most functions
/// do not, and skip the CFG.
class ThreadMentionFinder : public RecursiveASTVisitor<ThreadMentionFinder> {
public:
  explicit ThreadMentionFinder(const ThreadLifetimeClient &Client)
      : Client(Client) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitVarDecl(VarDecl *Var) {
    if (Var->hasLocalStorage() &&
        Client.kindOf(Var->getType()) != ThreadObjectKind::None &&
        Client.kindOf(Var->getType()) != ThreadObjectKind::Pthread)
      Found = true;
    return !Found;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (analysis::isCallTo(*Call, "pthread_create"))
      Found = true;
    return !Found;
  }
  bool Found = false;

private:
  const ThreadLifetimeClient &Client;
};

SourceLocation creationLocation(const TrackedObject &Object, const Stmt *Origin) {
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(Origin))
    return Object.Base->getLocation();
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Origin))
    return Call->getExprLoc();
  if (Origin)
    return Origin->getBeginLoc();
  return Object.Base->getLocation();
}

/// A use of the variable that std::jthread keeps meaning the same: join,
/// joinable, get_id, native_handle on it.
class JThreadSafetyFinder : public RecursiveASTVisitor<JThreadSafetyFinder> {
public:
  explicit JThreadSafetyFinder(const VarDecl *Var) : Var(Var) {}
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const auto *Ref = dyn_cast<DeclRefExpr>(
        Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
    if (Ref && Ref->getDecl() == Var) {
      const CXXMethodDecl *M = Call->getMethodDecl();
      if (M && M->getIdentifier() &&
          (M->getName() == "join" || M->getName() == "joinable" ||
           M->getName() == "get_id"))
        Allowed.insert(Ref);
    }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() == Var)
      Uses.push_back(Ref);
    return true;
  }
  bool onlySafeUses() const {
    return llvm::all_of(Uses, [&](const DeclRefExpr *R) {
      return Allowed.count(R) != 0;
    });
  }

private:
  const VarDecl *Var;
  llvm::SmallVector<const DeclRefExpr *, 4> Uses;
  llvm::DenseSet<const DeclRefExpr *> Allowed;
};

} // namespace

UnjoinedThreadCheck::UnjoinedThreadCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadTypes(analysis::readThreadTypes(Options)),
      AutoJoiningTypes(analysis::readAutoJoiningTypes(Options)),
      TerminatingTypes(analysis::terminatingThreadTypes(ThreadTypes, AutoJoiningTypes)),
      ThreadOwnersOption(Options.get("ThreadOwners", "").str()),
      ThreadOwners(utils::options::parseStringList(ThreadOwnersOption)) {}

void UnjoinedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadTypes",
                utils::options::serializeStringList(ThreadTypes));
  Options.store(Opts, "AutoJoiningTypes",
                utils::options::serializeStringList(AutoJoiningTypes));
  Options.store(Opts, "ThreadOwners", ThreadOwnersOption);
}

void UnjoinedThreadCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
                         .bind("function"),
                     this);
  Finder->addMatcher(lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"),
                     this);
  Finder->addMatcher(cxxRecordDecl(isDefinition(), unless(isExpansionInSystemHeader()))
                         .bind("record"),
                     this);
}

void UnjoinedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  if (const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function"))
    checkFunction(*Function, *Result.Context);
  else if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    checkFunction(*Lambda->getCallOperator(), *Result.Context);
  else if (const auto *Record = Result.Nodes.getNodeAs<CXXRecordDecl>("record"))
    checkMembers(*Record, *Result.Context);
}

void UnjoinedThreadCheck::checkFunction(const FunctionDecl &Function,
                                        ASTContext &Ctx) {
  if (!Function.hasBody() || Function.isDependentContext() ||
      !Analysed.insert(&Function).second)
    return;
  ThreadLifetimeClient Client(TerminatingTypes, Ctx);
  ThreadMentionFinder Mentions(Client);
  Mentions.TraverseStmt(Function.getBody());
  if (!Mentions.Found)
    return;

  analysis::FunctionSummaries Summaries(Client, Ctx, analysis::Joinable);
  for (StringRef Owner : ThreadOwners)
    Summaries.addKnown(Owner, ~0u, 0);
  analysis::FlowResult R =
      analysis::runTrackedObjectFlow(Function, Ctx, Client, &Summaries);
  if (!R.Complete)
    return;

  // Every exit where a local thread, container or handle may be joinable,
  // grouped by object.
  std::map<const ValueDecl *, llvm::SmallVector<const ExitEvent *, 4>> ByObject;
  for (const ExitEvent &E : R.Exits) {
    if (!E.Facts.has(analysis::Joinable) || !E.Object.isLocalVariable() ||
        E.Object.Member)
      continue;
    ThreadObjectKind Kind = Client.kindOf(E.Object);
    if (Kind == ThreadObjectKind::None)
      continue;
    // A container growing may throw (bad_alloc, a thread that cannot
    // start): leaving then is the spawn loop's own failure, not a missing
    // join.
    if (Kind == ThreadObjectKind::Container && E.isExceptional())
      if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E.Site))
        if (auto Target =
                TrackedObject::fromExpr(Call->getImplicitObjectArgument());
            Target && *Target == E.Object)
          continue;
    ByObject[E.Object.Base].push_back(&E);
  }
  for (auto &[Var, Exits] : ByObject) {
    llvm::sort(Exits, [&](const ExitEvent *A, const ExitEvent *B) {
      return Ctx.getSourceManager().isBeforeInTranslationUnit(
          A->location(Function), B->location(Function));
    });
    reportLocal(Function, Exits, Ctx);
  }
}

void UnjoinedThreadCheck::reportLocal(
    const FunctionDecl &Function, llvm::ArrayRef<const ExitEvent *> Exits,
    ASTContext &Ctx) {
  const ExitEvent &First = *Exits.front();
  const TrackedObject &Object = First.Object;
  ThreadLifetimeClient Client(TerminatingTypes, Ctx);
  ThreadObjectKind Kind = Client.kindOf(Object);
  // A container is named where it is declared; a thread where it started.
  SourceLocation Loc =
      Kind == ThreadObjectKind::Container
          ? Object.Base->getLocation()
          : creationLocation(Object, First.Facts.origin(analysis::Joinable));
  if (Loc.isInvalid() || Loc.isMacroID() || !Reported.insert(Loc).second)
    return;
  std::string Name = Object.name();

  bool Reassigned = llvm::any_of(Exits, [](const ExitEvent *E) {
    return E->Kind == ExitKind::Reassignment;
  });
  switch (Kind) {
  case ThreadObjectKind::Thread: {
    auto Diag = diag(Loc, "thread '%0' may still be joinable when it is %1, "
                          "which calls std::terminate; join it on every path "
                          "or make it a std::jthread")
                << Name
                << (Reassigned ? "destroyed or assigned to" : "destroyed");
    // std::jthread joins in its destructor: safe when the variable is only
    // ever joined or asked about.
    const auto *Var = dyn_cast<VarDecl>(Object.Base);
    // Only `std::thread t(f, args...)`: a std::jthread cannot be made from
    // a std::thread (`= std::move(other)`, `= start()`).
    const auto *Init = Var ? dyn_cast_or_null<CXXConstructExpr>(
                                 Var->getInit() ? Var->getInit()->IgnoreImplicit()
                                                : nullptr)
                           : nullptr;
    bool BuiltFromCallable = Init && Var->getInitStyle() != VarDecl::CInit &&
                             Init->getNumArgs() > 0 &&
                             !Init->getConstructor()->isCopyOrMoveConstructor();
    if (Ctx.getLangOpts().CPlusPlus20 && Var && BuiltFromCallable && !Reassigned &&
        analysis::isExactlyOneOfTypes(Var->getType(), {"::std::thread"}) &&
        Var->getTypeSourceInfo()) {
      JThreadSafetyFinder Uses(Var);
      Uses.TraverseStmt(Function.getBody());
      TypeLoc TL = Var->getTypeSourceInfo()->getTypeLoc();
      CharSourceRange Range = CharSourceRange::getTokenRange(TL.getSourceRange());
      StringRef Spelled = Lexer::getSourceText(Range, Ctx.getSourceManager(),
                                               Ctx.getLangOpts());
      if (Uses.onlySafeUses() && !TL.getBeginLoc().isMacroID() &&
          (Spelled == "std::thread" || Spelled == "::std::thread"))
        Diag << FixItHint::CreateReplacement(Range, "std::jthread");
    }
    break;
  }
  case ThreadObjectKind::Container:
    diag(Loc, "'%0' may still hold joinable threads when it is destroyed, "
              "which calls std::terminate; join every element on every path")
        << Name;
    break;
  case ThreadObjectKind::Pthread:
    diag(Loc, "thread '%0' from pthread_create may be neither joined nor "
              "detached: nothing waits for it and its resources leak")
        << Name;
    break;
  case ThreadObjectKind::None:
    return;
  }

  analysis::ExitNotePlan Notes =
      analysis::planExitNotes(Exits, Function, Ctx.getSourceManager());
  for (const ExitEvent *E : Notes.Noted) {
    SourceLocation At = E->location(Function);
    if (E->Kind == ExitKind::Reassignment) {
      diag(At, "'%0' is assigned to while joinable here", DiagnosticIDs::Note)
          << Name;
      continue;
    }
    switch (Kind) {
    case ThreadObjectKind::Thread:
      diag(At, "'%0' is destroyed while joinable %1", DiagnosticIDs::Note)
          << Name << E->describe();
      break;
    case ThreadObjectKind::Container:
      diag(At, "'%0' is destroyed holding joinable threads %1",
           DiagnosticIDs::Note)
          << Name << E->describe();
      break;
    default:
      diag(At, "'%0' goes out of scope unjoined %1", DiagnosticIDs::Note)
          << Name << E->describe();
      break;
    }
  }
  if (Notes.MoreExceptional)
    diag(Notes.MoreAt, analysis::MoreExceptionsNote, DiagnosticIDs::Note)
        << Notes.MoreExceptional;
}

void UnjoinedThreadCheck::checkMembers(const CXXRecordDecl &Record,
                                       ASTContext &Ctx) {
  if (Record.isDependentContext() || Record.isLambda() || Record.isUnion())
    return;
  ThreadLifetimeClient Client(TerminatingTypes, Ctx);
  llvm::SmallVector<const FieldDecl *, 2> Threads;
  for (const FieldDecl *Field : Record.fields()) {
    if (Field->getType()->isReferenceType() || Field->getType()->isPointerType())
      continue; // Someone else owns it.
    ThreadObjectKind Kind = Client.kindOf(Field->getType());
    if (Kind == ThreadObjectKind::Thread || Kind == ThreadObjectKind::Container)
      Threads.push_back(Field);
  }
  if (Threads.empty())
    return;
  const CXXDestructorDecl *Dtor = Record.getDestructor();
  // No destructor of ours: the class leaves joining to its users (a Stop()
  // they must call); we cannot tell from here.
  if (!Dtor || !Dtor->isUserProvided())
    return;
  const FunctionDecl *Definition = Dtor->getDefinition();
  if (!Definition || !Definition->hasBody())
    return; // Defined in another translation unit.

  analysis::FlowState Seed;
  for (const FieldDecl *Field : Threads)
    Seed.set(TrackedObject{Field, nullptr}, analysis::Joinable, nullptr);
  Client.seedMembers(Seed);
  analysis::FunctionSummaries Summaries(Client, Ctx, analysis::Joinable);
  for (StringRef Owner : ThreadOwners)
    Summaries.addKnown(Owner, ~0u, 0);
  analysis::FlowResult R =
      analysis::runTrackedObjectFlow(*Definition, Ctx, Client, &Summaries);
  if (!R.Complete)
    return;
  for (const FieldDecl *Field : Threads) {
    TrackedObject Member{Field, nullptr};
    llvm::SmallVector<const ExitEvent *, 2> Leaks;
    for (const ExitEvent &E : R.Exits)
      if (E.Object == Member && E.Kind == ExitKind::FunctionEnd &&
          E.Facts.has(analysis::Joinable))
        Leaks.push_back(&E);
    if (Leaks.empty() || !Reported.insert(Field->getLocation()).second)
      continue;
    bool IsContainer = Client.kindOf(Field->getType()) == ThreadObjectKind::Container;
    diag(Field->getLocation(),
         IsContainer
             ? "member '%0' may still hold joinable threads when '%1' is "
               "destroyed, which calls std::terminate; join them in the "
               "destructor"
             : "member thread '%0' may still be joinable when '%1' is "
               "destroyed, which calls std::terminate; join it in the "
               "destructor or make it a std::jthread")
        << Field->getName() << Record.getName();
    llvm::DenseSet<SourceLocation> Noted;
    for (const ExitEvent *E : Leaks) {
      SourceLocation At = E->Site ? E->Site->getBeginLoc()
                                  : Definition->getBodyRBrace();
      if (Noted.insert(At).second)
        diag(At, "the destructor of '%0' returns here without joining '%1'",
             DiagnosticIDs::Note)
            << Record.getName() << Field->getName();
    }
  }
}

} // namespace clang::tidy::conc
