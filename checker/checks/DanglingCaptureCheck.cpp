//===--- DanglingCaptureCheck.cpp - conc-tidy -----------------------------===//
//
// Part of conc. A thread must not use a local by reference after its scope.
//
//===----------------------------------------------------------------------===//

#include "DanglingCaptureCheck.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/ThreadVocabularyOptions.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {


/// Why the thread may still run when the variable is gone.
struct Outliving {
  enum Reason {
    None,
    Detached,       ///< Note at the detach.
    JoinedLate,     ///< Note at the first join, after the scope.
    OwnerOutlives,  ///< Note at the owner's declaration.
    DestroyedAfter, ///< Joining owner declared before the variable.
    Escapes,        ///< Stored in a member, returned, or a caller's container.
  } Why = None;
  const Expr *Site = nullptr;
  const ValueDecl *Owner = nullptr;
  /// Escapes: the thread leaves by a return (of the start itself, or of
  /// the local that owns it), not by being stored.
  bool ByReturn = false;
};

/// The variable a returned expression names: `t`, `std::move(t)`, and the
/// implicit move of `return t;`.
const ValueDecl *returnedVariable(const Expr *E) {
  E = analysis::ignoreWrappersAndMoves(E);
  // `return t;` moves t into the result: a construction from it.
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1)
      E = analysis::ignoreWrappersAndMoves(Construct->getArg(0));
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref ? Ref->getDecl() : nullptr;
}

/// Does \p Body (a function's, not counting the lambdas in it) return the
/// local \p Owner, handing its thread to the caller?
bool returnsOwner(const Stmt *Body, const VarDecl *Owner) {
  struct ReturnFinder : RecursiveASTVisitor<ReturnFinder> {
    const VarDecl *Owner;
    bool Found = false;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitReturnStmt(ReturnStmt *Return) {
      if (returnedVariable(Return->getRetValue()) == Owner)
        Found = true;
      return !Found;
    }
  } Finder;
  Finder.Owner = Owner;
  if (Body)
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return Finder.Found;
}

bool isLoopVariable(const VarDecl *Var, const Stmt *Scope) {
  if (const auto *Range = dyn_cast_or_null<CXXForRangeStmt>(Scope))
    return Range->getLoopVariable() == Var;
  if (const auto *For = dyn_cast_or_null<ForStmt>(Scope))
    if (const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit()))
      return llvm::is_contained(Init->decls(), Var);
  return false;
}

Outliving outliving(const analysis::ThreadStart &Start, const analysis::ThreadOwner &Owner,
                    const VarDecl *Var, const Stmt *Scope,
                    ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  Outliving Result;
  Result.Owner = Owner.Decl;
  const Decl *Spawner = analysis::enclosingFunction(Start.Spawn, Context);
  const Stmt *SpawnerBody = Spawner ? Spawner->getBody() : nullptr;

  switch (Owner.Kind) {
  case analysis::ThreadOwner::Unknown:
  case analysis::ThreadOwner::JoinedAtOnce:
    return Result;
  case analysis::ThreadOwner::Detached:
    Result.Why = Outliving::Detached;
    Result.Site = Owner.DetachCall;
    return Result;
  default:
    break;
  }

  if (const Expr *Detach = analysis::findDetach(Owner, SpawnerBody)) {
    Result.Why = Outliving::Detached;
    Result.Site = Detach;
    return Result;
  }
  const Expr *LateJoin = nullptr;
  for (const Expr *Join : analysis::findJoins(Owner, SpawnerBody, Context)) {
    if (!analysis::isBefore(Start.Spawn->getBeginLoc(), Join->getBeginLoc(), SM))
      continue;
    if (analysis::isWithin(Join, Scope, SM))
      return Result; // Joined while the variable lives.
    if (LateJoin == nullptr)
      LateJoin = Join;
  }

  const auto *OwnerVar = dyn_cast_or_null<VarDecl>(Owner.Decl);
  const Stmt *OwnerScope = OwnerVar ? analysis::lifetimeScope(OwnerVar, Context) : nullptr;
  bool OwnerIsLocal = OwnerScope != nullptr && !isa<ParmVarDecl>(OwnerVar);
  // A local owner that the function returns hands the running thread to the
  // caller: every local and by-value parameter of this function dies first,
  // whatever the owner's destructor does.
  bool OwnerReturned = OwnerIsLocal && Owner.Kind == analysis::ThreadOwner::Variable &&
                       returnsOwner(SpawnerBody, OwnerVar);
  if (Owner.Kind == analysis::ThreadOwner::Member || Owner.Kind == analysis::ThreadOwner::Returned ||
      !OwnerIsLocal || OwnerReturned) {
    Result.Why = LateJoin ? Outliving::JoinedLate : Outliving::Escapes;
    Result.Site = LateJoin;
    Result.ByReturn = Owner.Kind == analysis::ThreadOwner::Returned || OwnerReturned;
    return Result;
  }

  // A joining owner (jthread, async future) joins when it is destroyed.
  if (Owner.JoinsOnDestruction) {
    bool DestroyedFirst =
        OwnerScope != Scope
            ? analysis::isWithin(OwnerScope, Scope, SM)
            : analysis::isBefore(Var->getLocation(), OwnerVar->getLocation(), SM);
    if (DestroyedFirst)
      return Result;
    Result.Why = OwnerScope == Scope ? Outliving::DestroyedAfter
                                     : Outliving::OwnerOutlives;
    return Result;
  }

  if (LateJoin != nullptr) {
    Result.Why = Outliving::JoinedLate;
    Result.Site = LateJoin;
    return Result;
  }
  // Never joined: if the owner dies in the variable's scope, std::terminate
  // comes first (conc-unjoined-thread's business); otherwise it outlives.
  if (OwnerScope == Scope || analysis::isWithin(OwnerScope, Scope, SM))
    return Result;
  Result.Why = Outliving::OwnerOutlives;
  return Result;
}

} // namespace

DanglingCaptureCheck::DanglingCaptureCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {
  Vocabulary = analysis::readThreadVocabulary(Options);
}

void DanglingCaptureCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  analysis::storeThreadVocabulary(Options, Opts, Vocabulary);
}

void DanglingCaptureCheck::registerMatchers(MatchFinder *Finder) {
  analysis::addThreadStartMatchers(*Finder, Vocabulary, this);
}

void DanglingCaptureCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  ASTContext &Context = *Result.Context;
  std::optional<analysis::ThreadStart> Start =
      analysis::classifyThreadStart(Result.Nodes.getNodeAs<Expr>("start"), Vocabulary);
  if (!Start || Start->Lambda == nullptr)
    return;
  analysis::ThreadOwner Owner = analysis::findThreadOwner(*Start, Context, Vocabulary);

  for (const LambdaCapture &Capture : Start->Lambda->captures()) {
    if (!Capture.capturesVariable() || Capture.getCaptureKind() != LCK_ByRef)
      continue;
    const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
    // A reference captured by reference names what it refers to, whose
    // lifetime this function does not decide.
    if (Var == nullptr || !Var->hasLocalStorage() ||
        Var->getType()->isReferenceType())
      continue;
    const Stmt *Scope = analysis::lifetimeScope(Var, Context);
    if (Scope == nullptr)
      continue;
    Outliving Why = outliving(*Start, Owner, Var, Scope, Context);
    if (Why.Why == Outliving::None)
      continue;
    SourceLocation Loc = Capture.getLocation();
    if (!Reported.insert(Loc).second)
      continue;

    bool LoopVar = isLoopVariable(Var, Scope);
    diag(Loc, "%select{'%1'|loop variable '%1'}0 is captured by reference by "
              "a thread that may outlive %select{it|its iteration}0; capture "
              "it by value or join the thread before %select{its scope "
              "ends|the iteration ends}0")
        << LoopVar << Var->getName();
    diag(Var->getLocation(), "'%0' is declared here", DiagnosticIDs::Note)
        << Var->getName();
    std::string OwnerName =
        Why.Owner ? Why.Owner->getNameAsString() : std::string("the owner");
    switch (Why.Why) {
    case Outliving::Detached:
      diag(Why.Site->getExprLoc(), "the thread is detached here",
           DiagnosticIDs::Note);
      break;
    case Outliving::JoinedLate:
      diag(Why.Site->getExprLoc(),
           "the thread is joined here, after '%0' has gone out of scope",
           DiagnosticIDs::Note)
          << Var->getName();
      break;
    case Outliving::OwnerOutlives:
      diag(Why.Owner->getLocation(),
           "the thread is owned by '%0', which outlives '%1'",
           DiagnosticIDs::Note)
          << OwnerName << Var->getName();
      break;
    case Outliving::DestroyedAfter:
      diag(Why.Owner->getLocation(),
           "'%0' is declared before '%1', so it is destroyed, and joins, "
           "after '%1'",
           DiagnosticIDs::Note)
          << OwnerName << Var->getName();
      break;
    case Outliving::Escapes:
      diag(Start->Spawn->getBeginLoc(),
           "the thread leaves this function (%select{returned|stored in "
           "'%1'}0) and is not joined here",
           DiagnosticIDs::Note)
          << !Why.ByReturn << OwnerName;
      break;
    case Outliving::None:
      break;
    }
  }
}

} // namespace clang::tidy::conc
