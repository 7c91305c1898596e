//===--- ManualLockCheck.cpp - conc-tidy ----------------------------------===//
//
// Part of conc. Go's rule: `defer mu.Unlock()` right after `mu.Lock()`.
//
//===----------------------------------------------------------------------===//

#include "ManualLockCheck.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/ExitNotes.h"
#include "analysis/FunctionLocks.h"
#include "analysis/LockVocabularyOptions.h"
#include "analysis/ThreadVocabularyOptions.h"
#include "analysis/UnitParents.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Regex.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

using analysis::ExitEvent;
using analysis::TrackedObject;
using analysis::LockOperation;
using analysis::LockOperationSite;

/// How a diagnostic names a function: 'bump', or "the lambda".
std::string describeFunction(const FunctionDecl &Function) {
  if (isLambdaCallOperator(&Function))
    return "the lambda";
  return "'" + Function.getNameAsString() + "'";
}

/// The removal of a whole statement: its line when it stands alone on it.
CharSourceRange statementRemoval(const Stmt &S, const SourceManager &SM,
                                 const LangOptions &LangOpts) {
  SourceLocation End = Lexer::findLocationAfterToken(
      S.getEndLoc(), tok::semi, SM, LangOpts,
      /*SkipTrailingWhitespaceAndNewLine=*/false);
  CharSourceRange Range = CharSourceRange::getCharRange(S.getBeginLoc(), End);
  if (End.isInvalid())
    return CharSourceRange::getTokenRange(S.getSourceRange());
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(S.getBeginLoc()), &Invalid);
  if (Invalid)
    return Range;
  unsigned Begin = SM.getFileOffset(S.getBeginLoc());
  unsigned After = SM.getFileOffset(End);
  unsigned LineStart = Begin;
  while (LineStart > 0 && (Buffer[LineStart - 1] == ' ' || Buffer[LineStart - 1] == '\t'))
    --LineStart;
  unsigned LineEnd = After;
  while (LineEnd < Buffer.size() && (Buffer[LineEnd] == ' ' || Buffer[LineEnd] == '\t'))
    ++LineEnd;
  bool AloneOnLine = LineStart > 0 && Buffer[LineStart - 1] == '\n' &&
                     LineEnd < Buffer.size() && Buffer[LineEnd] == '\n';
  if (!AloneOnLine)
    return Range;
  // From the end of the previous line to the end of this one.
  SourceLocation FileStart = SM.getLocForStartOfFile(SM.getFileID(S.getBeginLoc()));
  return CharSourceRange::getCharRange(
      FileStart.getLocWithOffset(LineStart - 1),
      FileStart.getLocWithOffset(LineEnd));
}

} // namespace

ManualLockCheck::ManualLockCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Vocab(analysis::readLockVocabulary(Options)),
      AcquireFunctions(utils::options::parseStringList(
          Options.get("AcquireFunctions", ""))),
      Threads(analysis::readThreadVocabulary(Options)) {}

void ManualLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  analysis::storeLockVocabulary(Options, Opts, Vocab);
  Options.store(Opts, "AcquireFunctions",
                utils::options::serializeStringList(AcquireFunctions));
  analysis::storeThreadVocabulary(Options, Opts, Threads);
}

void ManualLockCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(stmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("function"),
                     this);
}

void ManualLockCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Function->isDependentContext() || Function->isDefaulted())
    return;
  ASTContext &Ctx = *Result.Context;
  if (!Unit || &Unit->context() != &Ctx)
    Unit = std::make_unique<analysis::LockUnit>(Ctx, Vocab, Threads);
  const analysis::FunctionLocks Locks(*Function, *Unit, Vocab, AcquireFunctions);
  if (!Locks.complete())
    return;

  // A lock written in a macro of the project (`LOCK(m)`) is reported where
  // the macro is used; one inside a system header's macro is not ours.
  const SourceManager &SM = Ctx.getSourceManager();
  auto At = [&](const Stmt *S) { return SM.getExpansionLoc(S->getBeginLoc()); };
  auto Report = [&](SourceLocation Loc) {
    return Loc.isValid() && !SM.isInSystemHeader(Loc) &&
           !SM.isInSystemMacro(Loc) && Reported.insert(Loc).second;
  };

  for (const analysis::Finding &F : Locks.findings())
    if (Report(At(F.Site)))
      tellFinding(F, *Function);

  bool Cxx = getLangOpts().CPlusPlus;
  for (const analysis::LockLeak &Leak : Locks.leaks()) {
    if (!Report(At(Leak.Origin)))
      continue;
    std::string Name = Leak.Object.name();
    if (Leak.BarePair) {
      {
        DiagnosticBuilder Diag =
            diag(At(Leak.Origin),
                 "'%0' is locked and unlocked by hand; use a guard "
                 "(std::lock_guard, std::scoped_lock or std::unique_lock) so "
                 "that it is unlocked on every path, exceptions included")
            << Name;
        for (const LockOperationSite &Site : Locks.operations())
          if (Site.Site == Leak.Origin)
            suggestGuard(*cast<CXXMemberCallExpr>(Leak.Origin), Site.Op,
                         Locks.operations(), *Function, Ctx, Diag);
      }
      analysis::ExitNotePlan Notes =
          analysis::planExitNotes(Leak.Exceptional, *Function, SM);
      for (const ExitEvent *Exit : Notes.Noted)
        diag(SM.getExpansionLoc(Exit->location(*Function)),
             "'%0' stays locked %1", DiagnosticIDs::Note)
            << Name << Exit->describe();
      if (Notes.MoreExceptional)
        diag(SM.getExpansionLoc(Notes.MoreAt), analysis::MoreExceptionsNote,
             DiagnosticIDs::Note)
            << Notes.MoreExceptional;
      continue;
    }
    if (Leak.Callee)
      diag(At(Leak.Origin),
           "'%0' is locked by '%1', called here, and still held on "
           "%select{a way|an exception path}2 out of the function; unlock it "
           "on every path%select{|, or use a guard}3")
          << Name << Leak.Callee->getName() << Leak.Normal.empty() << Cxx;
    else
      diag(At(Leak.Origin),
           "'%0' is locked here and still held on %select{a way|an exception "
           "path}1 out of the function; unlock it on every path%select{|, or "
           "use a guard}2")
          << Name << Leak.Normal.empty() << Cxx;
    noteExits(Leak.Normal, Leak.Exceptional, Name, *Function);
  }
}

void ManualLockCheck::tellFinding(const analysis::Finding &F,
                                  const FunctionDecl &Function) {
  using Kind = analysis::FunctionLocks::FindingKind;
  const SourceManager &SM = Function.getASTContext().getSourceManager();
  auto At = [&](const Stmt *S) { return SM.getExpansionLoc(S->getBeginLoc()); };
  std::string Name = F.Object.name();
  switch (static_cast<Kind>(F.Kind)) {
  case Kind::DoubleLock:
    if (F.Callee)
      diag(At(F.Site),
           "'%0' is locked again in %1, called here while it is "
           "held%select{| on some paths}2: a non-recursive lock deadlocks "
           "on itself")
          << Name << describeFunction(*F.Callee) << !F.OnEveryPath;
    else
      diag(At(F.Site),
           "'%0' is locked while it is already held %select{on this "
           "path|on some paths here}1: a non-recursive lock deadlocks on "
           "itself")
          << Name << !F.OnEveryPath;
    if (F.Prior)
      diag(At(F.Prior), "'%0' was locked here", DiagnosticIDs::Note) << Name;
    if (F.CalleeSite)
      diag(At(F.CalleeSite), "%0 locks it here", DiagnosticIDs::Note)
          << describeFunction(*F.Callee);
    return;
  case Kind::DoubleUnlock:
    diag(At(F.Site), "'%0' is unlocked twice on this path") << Name;
    diag(At(F.Prior), "'%0' was unlocked here already", DiagnosticIDs::Note)
        << Name;
    return;
  default:
    break;
  }
  diag(At(F.Site), "'%0' is unlocked here, but it is not held on this path")
      << Name;
  llvm::StringRef FunctionName = Function.getName();
  switch (static_cast<Kind>(F.Kind)) {
  case Kind::UnlockAfterCall:
    diag(At(F.Prior), "%0, called here, unlocks it", DiagnosticIDs::Note)
        << describeFunction(*cast<CallExpr>(F.Prior)->getDirectCallee());
    break;
  case Kind::UnlockAfterFailedLock:
    diag(At(F.Prior), "the try-lock here may have failed",
         DiagnosticIDs::Note);
    break;
  case Kind::UnlockLockedOnOtherPaths:
    diag(At(F.Prior), "'%0' is locked here, on other paths",
         DiagnosticIDs::Note)
        << Name;
    break;
  case Kind::UnlockOfOwnStatic:
    diag(At(F.Site), "'%0' is a static of this function, which never locks it",
         DiagnosticIDs::Note)
        << Name;
    break;
  case Kind::UnlockInThread:
    diag(At(F.Site), "'%0' runs as a thread, which starts holding no lock",
         DiagnosticIDs::Note)
        << FunctionName;
    break;
  case Kind::UnlockNeverLockedInUnit:
    diag(At(F.Site), "nothing in this file locks '%0'", DiagnosticIDs::Note)
        << Name;
    break;
  case Kind::UnlockNotHeldByCallers:
    diag(At(F.Site),
         "'%1' never locks '%0', and no call of '%1' in this file holds it",
         DiagnosticIDs::Note)
        << Name << FunctionName;
    break;
  default: // UnlockOfLocalNeverLocked: the warning says it all.
    break;
  }
}

void ManualLockCheck::noteExits(llvm::ArrayRef<const ExitEvent *> Normal,
                                llvm::ArrayRef<const ExitEvent *> Exceptional,
                                llvm::StringRef Name,
                                const FunctionDecl &Function) {
  const SourceManager &SM = Function.getASTContext().getSourceManager();
  llvm::SmallVector<const ExitEvent *, 4> Exits(Normal.begin(), Normal.end());
  Exits.append(Exceptional.begin(), Exceptional.end());
  analysis::ExitNotePlan Notes = analysis::planExitNotes(Exits, Function, SM);
  for (const ExitEvent *Exit : Notes.Noted)
    diag(SM.getExpansionLoc(Exit->location(Function)), "'%0' is still held %1",
         DiagnosticIDs::Note)
        << Name << Exit->describe();
  if (Notes.MoreExceptional)
    diag(SM.getExpansionLoc(Notes.MoreAt), analysis::MoreExceptionsNote,
         DiagnosticIDs::Note)
        << Notes.MoreExceptional;
  // Nobody takes a thread's locks over when it returns.
  if (!Normal.empty())
    if (const Expr *Start = Unit->threadStart(Function))
      diag(SM.getExpansionLoc(Start->getBeginLoc()),
           "%select{'%1'|the lambda}0 runs as a thread, started here: no "
           "caller unlocks for it",
           DiagnosticIDs::Note)
          << isLambdaCallOperator(&Function)
          << (Function.getIdentifier() ? Function.getName() : "");
}

void ManualLockCheck::onEndOfTranslationUnit() { Unit.reset(); }

void ManualLockCheck::suggestGuard(
    const CXXMemberCallExpr &Lock, const LockOperation &Op,
    llvm::ArrayRef<LockOperationSite> Operations, const FunctionDecl &Function,
    ASTContext &Ctx, DiagnosticBuilder &Diag) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Lock.getBeginLoc().isMacroID())
    return;
  const analysis::LockPointers Pointers(Function);
  // The critical section must be the rest of one block: the lock a
  // statement of it, the unlock its last statement.
  DynTypedNodeList Parents = analysis::parentsOf(Lock, Ctx);
  const auto *Block = Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
  if (Block == nullptr || Block->body_empty())
    return;
  const auto *Unlock = dyn_cast<CXXMemberCallExpr>(Block->body_back());
  std::optional<TrackedObject> Object =
      Pointers.objectOf(Lock.getImplicitObjectArgument());
  if (Unlock == nullptr || Unlock == &Lock || Unlock->getBeginLoc().isMacroID())
    return;
  auto UnlockOp = analysis::classifyLockCall(*Unlock, Vocab);
  if (!UnlockOp || UnlockOp->K != LockOperation::Release ||
      Pointers.objectOf(Unlock->getImplicitObjectArgument()) != Object)
    return;
  bool Shared = Op.K == LockOperation::AcquireShared;
  if (Shared != (Unlock->getMethodDecl()->getName() == "unlock_shared"))
    return;
  // Nothing else locks or unlocks it in between.
  SourceRange Section(Lock.getBeginLoc(), Unlock->getBeginLoc());
  for (const LockOperationSite &Other : Operations) {
    if (Other.Site == &Lock || Other.Site == Unlock)
      continue;
    SourceLocation Loc = Other.Site->getBeginLoc();
    if (SM.isBeforeInTranslationUnit(Section.getBegin(), Loc) &&
        SM.isBeforeInTranslationUnit(Loc, Section.getEnd()))
      for (const Expr *L : Other.Op.Locks)
        if (Pointers.objectOf(L) == Object)
          return;
  }
  const Expr *MutexExpr = Lock.getImplicitObjectArgument();
  llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(MutexExpr->getSourceRange()), SM,
      getLangOpts());
  if (Text.empty())
    return;
  std::string Mutex = Text.str();
  if (const auto *Member = dyn_cast<MemberExpr>(Lock.getCallee());
      Member && Member->isArrow())
    Mutex = "*" + Mutex;
  // A name the function does not use yet.
  llvm::StringRef Body = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Function.getBody()->getSourceRange()), SM,
      getLangOpts());
  std::string GuardName = "guard";
  for (unsigned I = 1; llvm::Regex("(^|[^A-Za-z0-9_])" + GuardName + "([^A-Za-z0-9_]|$)")
                             .match(Body); ++I)
    GuardName = "guard" + std::to_string(I);
  std::string GuardType = Shared ? "std::shared_lock" : "std::lock_guard";
  if (!getLangOpts().CPlusPlus17)
    GuardType += "<" +
                 MutexExpr->getType().getUnqualifiedType().getAsString(
                     Ctx.getPrintingPolicy()) +
                 ">";
  Diag << FixItHint::CreateReplacement(
              CharSourceRange::getTokenRange(Lock.getSourceRange()),
              GuardType + " " + GuardName + "(" + Mutex + ")")
       << FixItHint::CreateRemoval(
              statementRemoval(*Unlock, SM, getLangOpts()));
}

} // namespace clang::tidy::conc
