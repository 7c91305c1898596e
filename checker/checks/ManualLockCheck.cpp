//===--- ManualLockCheck.cpp - conc-tidy ----------------------------------===//
//
// Part of conc. Go's rule: `defer mu.Unlock()` right after `mu.Lock()`.
//
//===----------------------------------------------------------------------===//

#include "ManualLockCheck.h"
#include "analysis/LockTypes.h"
#include "analysis/ExitNotes.h"
#include "analysis/MayThrow.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/Regex.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

using analysis::ExitEvent;
using analysis::mayThrow;
using analysis::ObjectFacts;
using analysis::TrackedObject;
using analysis::stateBit;
using locks::LockFlowClient;
using locks::LockOperation;
using locks::LockOperationSite;

/// A function whose whole body is one lock (`mu_.lock();`, `return
/// pthread_mutex_lock(&mu);`) exists to acquire it, whatever it is called
/// (ggml_critical_section_start, BeginUpdate, table_enter).
bool onlyAcquires(const FunctionDecl &Function,
                  llvm::ArrayRef<LockOperationSite> Operations) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Function.getBody());
  if (Body == nullptr || Body->size() != 1 || Operations.size() != 1)
    return false;
  const LockOperationSite &Site = Operations.front();
  if (Site.Op.K != LockOperation::Acquire &&
      Site.Op.K != LockOperation::AcquireShared)
    return false;
  const Stmt *Only = Body->body_front();
  if (const auto *Return = dyn_cast<ReturnStmt>(Only))
    Only = Return->getRetValue();
  const auto *E = dyn_cast_or_null<Expr>(Only);
  return E != nullptr && E->IgnoreParenCasts() == Site.Site;
}

constexpr unsigned HeldStates[] = {locks::Locked, locks::SharedLocked,
                                   locks::SharedLockedTwice};

bool mayBeHeld(const ObjectFacts &Facts) {
  return llvm::any_of(HeldStates, [&](unsigned S) { return Facts.has(S); });
}

const Stmt *heldOrigin(const ObjectFacts &Facts) {
  for (unsigned S : HeldStates)
    if (Facts.has(S))
      return Facts.origin(S);
  return nullptr;
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
    : ClangTidyCheck(Name, Context),
      LockFunctions(utils::options::parseStringList(
          Options.get("LockFunctions", ""))),
      UnlockFunctions(utils::options::parseStringList(
          Options.get("UnlockFunctions", ""))),
      AcquireFunctions(utils::options::parseStringList(
          Options.get("AcquireFunctions", ""))) {
  Vocab.LockFunctions = LockFunctions;
  Vocab.UnlockFunctions = UnlockFunctions;
}

void ManualLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LockFunctions",
                utils::options::serializeStringList(LockFunctions));
  Options.store(Opts, "UnlockFunctions",
                utils::options::serializeStringList(UnlockFunctions));
  Options.store(Opts, "AcquireFunctions",
                utils::options::serializeStringList(AcquireFunctions));
}

void ManualLockCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(stmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("function"),
                     this);
}

bool ManualLockCheck::isAcquireFunction(const FunctionDecl &Function) const {
  if (locks::isNameInList(Function.getQualifiedNameAsString(),
                          AcquireFunctions))
    return true;
  // A function named for locking (Lock, lock_table, AcquireSlot) returns
  // holding the lock by design; so do a constructor (an RAII guard) and a
  // destructor (an RAII "unlock here, relock at scope end" helper).
  if (isa<CXXConstructorDecl, CXXDestructorDecl>(Function))
    return true;
  if (!Function.getIdentifier())
    return false;
  std::string Name = Function.getName().lower();
  return llvm::StringRef(Name).contains("lock") ||
         llvm::StringRef(Name).contains("acquire");
}

void ManualLockCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Function->isDependentContext() || Function->isDefaulted())
    return;
  ASTContext &Ctx = *Result.Context;
  std::vector<LockOperationSite> Operations =
      locks::collectLockOperations(*Function->getBody(), Vocab, Ctx);
  if (Operations.empty())
    return;

  LockFlowClient Client(Vocab);
  Client.Analysed = Function;
  for (const LockOperationSite &Site : Operations)
    for (const Expr *Lock : Site.Op.Locks)
      if (auto Object = TrackedObject::fromExpr(Lock))
        if (!llvm::is_contained(Client.StartUnlocked, *Object))
          Client.StartUnlocked.push_back(*Object);
  analysis::FunctionSummaries Summaries(Client, Ctx, locks::Locked);
  analysis::FlowResult Flow =
      analysis::runTrackedObjectFlow(*Function, Ctx, Client, &Summaries);
  if (!Flow.Complete)
    return;

  auto OperationAt = [&](const Stmt *S) -> const LockOperationSite * {
    for (const LockOperationSite &Site : Operations)
      if (Site.Site == S)
        return &Site;
    return nullptr;
  };
  auto LocksOf = [&](const TrackedObject &Object) {
    llvm::SmallVector<const LockOperationSite *, 2> Sites;
    for (const LockOperationSite &Site : Operations)
      if (Site.Op.K != LockOperation::Release)
        for (const Expr *Lock : Site.Op.Locks)
          if (TrackedObject::fromExpr(Lock) == Object)
            Sites.push_back(&Site);
    return Sites;
  };

  // Which locks the function entered holding (its first step on some path
  // is an unlock) and gives back locked on every path: the "unlock, work,
  // relock" of a function that requires its caller's lock.
  llvm::SmallVector<TrackedObject, 2> EntersHeld, KeepsCallersLock;
  for (const LockFlowClient::LockFinding &F : Client.Findings)
    if (F.Kind == LockFlowClient::UnlockUnlocked && F.Prior == nullptr &&
        !llvm::is_contained(EntersHeld, F.Object))
      EntersHeld.push_back(F.Object);
  for (const TrackedObject &Object : EntersHeld) {
    bool EndsHeld = true, AnyExit = false;
    for (const ExitEvent &Exit : Flow.Exits)
      if (Exit.Object == Object && !Exit.isExceptional()) {
        AnyExit = true;
        // Unlocked since the entry (origin null) is the caller's lock,
        // untouched on this path.
        EndsHeld &= !(Exit.Facts.has(locks::Unlocked) &&
                      Exit.Facts.origin(locks::Unlocked) != nullptr);
      }
    if (AnyExit && EndsHeld)
      KeepsCallersLock.push_back(Object);
  }

  auto Report = [&](SourceLocation Loc) {
    return Loc.isValid() && !Loc.isMacroID() && Reported.insert(Loc).second;
  };

  // Double locks, double unlocks, unlocks of a lock not held.
  for (const LockFlowClient::LockFinding &F : Client.Findings) {
    std::string Name = F.Object.name();
    if (F.Kind == LockFlowClient::DoubleLock) {
      if (!Report(F.Site->getBeginLoc()))
        continue;
      diag(F.Site->getBeginLoc(),
           "'%0' is locked while it is already held on this path: a "
           "non-recursive lock deadlocks on itself")
          << Name;
      diag(F.Prior->getBeginLoc(), "'%0' was locked here", DiagnosticIDs::Note)
          << Name;
      continue;
    }
    const LockOperationSite *Prior = OperationAt(F.Prior);
    if (Prior && Prior->Op.K == LockOperation::Release) {
      if (!Report(F.Site->getBeginLoc()))
        continue;
      diag(F.Site->getBeginLoc(), "'%0' is unlocked twice on this path")
          << Name;
      diag(F.Prior->getBeginLoc(), "'%0' was unlocked here already",
           DiagnosticIDs::Note)
          << Name;
      continue;
    }
    if (F.Prior == nullptr &&
        (!F.OnEveryPath || llvm::is_contained(KeepsCallersLock, F.Object)))
      continue;
    auto Locks = LocksOf(F.Object);
    if (F.Prior == nullptr && Locks.empty() && !F.Object.isLocalVariable())
      continue; // Handed in locked: a release function.
    if (!Report(F.Site->getBeginLoc()))
      continue;
    diag(F.Site->getBeginLoc(),
         "'%0' is unlocked here, but it is not held on this path")
        << Name;
    if (F.Prior)
      diag(F.Prior->getBeginLoc(), "the try-lock here may have failed",
           DiagnosticIDs::Note);
    else if (!Locks.empty())
      diag(Locks.front()->Site->getBeginLoc(),
           "'%0' is locked here, on other paths", DiagnosticIDs::Note)
          << Name;
  }

  // Locks still held where the function is left, grouped by lock site.
  bool Acquires =
      isAcquireFunction(*Function) || onlyAcquires(*Function, Operations);
  llvm::MapVector<const Stmt *, llvm::SmallVector<const ExitEvent *, 2>>
      Leaks;
  for (const ExitEvent &Exit : Flow.Exits) {
    if (Client.isGuard(Exit.Object) || !mayBeHeld(Exit.Facts) ||
        llvm::is_contained(EntersHeld, Exit.Object))
      continue;
    const Stmt *Origin = heldOrigin(Exit.Facts);
    // A lock call that throws has not locked.
    if (Origin == nullptr || Origin == Exit.Site)
      continue;
    if (Exit.isExceptional())
      if (const auto *Call = dyn_cast_or_null<CallExpr>(Exit.Site))
        if (const FunctionDecl *Callee = Call->getDirectCallee();
            Callee && !mayThrow(*Callee))
          continue;
    // Through a local pointer (`file->Lock()`) the lock is the pointee: the
    // pointer's scope ends, the lock outlives the function.
    bool Outlives = !Exit.Object.isLocalVariable() ||
                    (Exit.Object.Member == nullptr &&
                     Exit.Object.Base->getType()->isPointerType());
    if (Acquires && Outlives && !Exit.isExceptional())
      continue;
    Leaks[Origin].push_back(&Exit);
  }

  bool Cxx = getLangOpts().CPlusPlus;
  for (const LockOperationSite &Site : Operations) {
    if (Site.Op.K == LockOperation::Release || Site.Op.Locks.empty())
      continue;
    auto Object = TrackedObject::fromExpr(Site.Op.Locks.front());
    if (!Object)
      continue;
    std::string Name = Object->name();
    auto LeakIt = Leaks.find(Site.Site);
    llvm::SmallVector<const ExitEvent *, 2> Normal, Exceptional;
    if (LeakIt != Leaks.end())
      for (const ExitEvent *Exit : LeakIt->second)
        (Exit->isExceptional() ? Exceptional : Normal).push_back(Exit);

    const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Site.Site);
    // A guard of the function owns it: an unlock and relock by hand inside
    // the guard's region is unique_lock's unlock()/lock(), spelled by hand.
    bool OwnedByGuard =
        llvm::any_of(Operations, [&](const LockOperationSite &S) {
          return !isa<CallExpr>(S.Site) &&
                 llvm::any_of(S.Op.Locks, [&](const Expr *L) {
                   return TrackedObject::fromExpr(L) == Object;
                 });
        });
    bool BarePair = Cxx && Site.Op.OnStandardMutex && MemberCall &&
                    Normal.empty() && !OwnedByGuard &&
                    !llvm::is_contained(EntersHeld, *Object) &&
                    llvm::any_of(Operations, [&](const LockOperationSite &S) {
                      return S.Op.K == LockOperation::Release &&
                             !S.Op.Locks.empty() &&
                             TrackedObject::fromExpr(S.Op.Locks.front()) ==
                                 Object;
                    });
    if (BarePair) {
      if (!Report(Site.Site->getBeginLoc()))
        continue;
      {
        DiagnosticBuilder Diag =
            diag(Site.Site->getBeginLoc(),
                 "'%0' is locked and unlocked by hand; use a guard "
                 "(std::lock_guard, std::scoped_lock or std::unique_lock) so "
                 "that it is unlocked on every path, exceptions included")
            << Name;
        suggestGuard(*MemberCall, Site.Op, Operations, *Function, Ctx, Diag);
      }
      analysis::ExitNotePlan Notes =
          analysis::planExitNotes(Exceptional, *Function,
                                  Ctx.getSourceManager());
      for (const ExitEvent *Exit : Notes.Noted)
        diag(Exit->location(*Function), "'%0' stays locked %1",
             DiagnosticIDs::Note)
            << Name << Exit->describe();
      if (Notes.MoreExceptional)
        diag(Notes.MoreAt, analysis::MoreExceptionsNote, DiagnosticIDs::Note)
            << Notes.MoreExceptional;
      continue;
    }
    if (Normal.empty() && (Exceptional.empty() || !Cxx))
      continue;
    if (!Report(Site.Site->getBeginLoc()))
      continue;
    diag(Site.Site->getBeginLoc(),
         "'%0' is locked here and still held on %select{a way|an exception "
         "path}1 out of the function; unlock it on every path%select{|, or "
         "use a guard}2")
        << Name << Normal.empty() << Cxx;
    llvm::SmallVector<const ExitEvent *, 4> Exits(Normal.begin(),
                                                  Normal.end());
    Exits.append(Exceptional.begin(), Exceptional.end());
    analysis::ExitNotePlan Notes =
        analysis::planExitNotes(Exits, *Function, Ctx.getSourceManager());
    for (const ExitEvent *Exit : Notes.Noted)
      diag(Exit->location(*Function), "'%0' is still held %1",
           DiagnosticIDs::Note)
          << Name << Exit->describe();
    if (Notes.MoreExceptional)
      diag(Notes.MoreAt, analysis::MoreExceptionsNote, DiagnosticIDs::Note)
          << Notes.MoreExceptional;
  }
}

void ManualLockCheck::suggestGuard(
    const CXXMemberCallExpr &Lock, const LockOperation &Op,
    const std::vector<LockOperationSite> &Operations,
    const FunctionDecl &Function, ASTContext &Ctx, DiagnosticBuilder &Diag) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Lock.getBeginLoc().isMacroID())
    return;
  // The critical section must be the rest of one block: the lock a
  // statement of it, the unlock its last statement.
  DynTypedNodeList Parents = Ctx.getParents(Lock);
  const auto *Block = Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
  if (Block == nullptr || Block->body_empty())
    return;
  const auto *Unlock = dyn_cast<CXXMemberCallExpr>(Block->body_back());
  std::optional<TrackedObject> Object =
      TrackedObject::fromExpr(Lock.getImplicitObjectArgument());
  if (Unlock == nullptr || Unlock == &Lock || Unlock->getBeginLoc().isMacroID())
    return;
  auto UnlockOp = locks::classifyLockCall(*Unlock, Vocab);
  if (!UnlockOp || UnlockOp->K != LockOperation::Release ||
      TrackedObject::fromExpr(Unlock->getImplicitObjectArgument()) != Object)
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
        if (TrackedObject::fromExpr(L) == Object)
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
