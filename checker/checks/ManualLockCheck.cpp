//===--- ManualLockCheck.cpp - conc-tidy ----------------------------------===//
//
// Part of conc. Go's rule: `defer mu.Unlock()` right after `mu.Lock()`.
//
//===----------------------------------------------------------------------===//

#include "ManualLockCheck.h"
#include "analysis/AstHelpers.h"
#include "analysis/LockVocabularyOptions.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/LockTypes.h"
#include "analysis/ExitNotes.h"
#include "analysis/MayThrow.h"
#include "analysis/ThreadVocabularyOptions.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
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

/// How a diagnostic names a function: 'bump', or "the lambda".
std::string describeFunction(const FunctionDecl &Function) {
  if (isLambdaCallOperator(&Function))
    return "the lambda";
  return "'" + Function.getNameAsString() + "'";
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
    : ClangTidyCheck(Name, Context), Vocab(readLockVocabulary(Options)),
      AcquireFunctions(utils::options::parseStringList(
          Options.get("AcquireFunctions", ""))),
      Threads(readThreadVocabulary(Options)) {}

void ManualLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  storeLockVocabulary(Options, Opts, Vocab);
  Options.store(Opts, "AcquireFunctions",
                utils::options::serializeStringList(AcquireFunctions));
  storeThreadVocabulary(Options, Opts, Threads);
}

void ManualLockCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(stmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("function"),
                     this);
}

bool ManualLockCheck::isAcquireFunction(
    const FunctionDecl &Function, const TrackedObject &Object,
    llvm::ArrayRef<LockOperationSite> Operations) {
  // A thread hands its locks back to nobody.
  if (Unit->threadStart(Function))
    return false;
  if (hasQualifiedNameIn(&Function, AcquireFunctions))
    return true;
  // A constructor (an RAII guard) and a destructor (an RAII "unlock here,
  // relock at scope end" helper) hand their lock to their object.
  if (isa<CXXConstructorDecl, CXXDestructorDecl>(Function))
    return true;
  const locks::LockPointers Pointers(Function);
  // No path of its own unlocks the lock: it exists to leave it locked
  // (ggml_critical_section_start, BeginUpdate, table_enter), whatever its
  // name. A callee that may unlock it is a path that unlocks.
  bool Unlocks = llvm::any_of(Operations, [&](const LockOperationSite &S) {
    return S.Op.K == LockOperation::Release &&
           llvm::any_of(S.Op.Locks, [&](const Expr *L) {
             return Pointers.objectOf(L) == Object;
           });
  });
  if (!Unlocks)
    for (const CallExpr *Call : locks::collectCalls(*Function.getBody())) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (const auto *Effects = Unit->summaries().effectsOf(*Callee))
        for (const locks::LockEffect &Effect : *Effects)
          if (Effect.ExitStates & stateBit(locks::Unlocked) &&
              locks::LockSummaries::atCall(Effect.Object, *Call, *Callee,
                                           &Pointers) == Object)
            Unlocks = true;
    }
  if (!Unlocks)
    return true;
  return Function.getIdentifier() &&
         locks::namesLocking(Function.getName());
}

void ManualLockCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Function->isDependentContext() || Function->isDefaulted())
    return;
  ASTContext &Ctx = *Result.Context;
  if (!Unit || &Unit->context() != &Ctx)
    Unit = std::make_unique<locks::LockUnit>(Ctx, Vocab, Threads);
  std::vector<LockOperationSite> Operations =
      locks::collectLockOperations(*Function->getBody(), Vocab, Ctx);
  // Locks reached through local pointers are named by what they point to.
  const locks::LockPointers Pointers(*Function);
  // The locks it touches itself or through the functions it calls.
  llvm::SmallVector<TrackedObject, 4> Touched =
      Unit->summaries().sharedLocks(*Function);
  if (Touched.empty())
    return;

  LockFlowClient Client(Vocab);
  Client.Analysed = Function;
  Client.Summaries = &Unit->summaries();
  Client.Recursive = &Unit->recursive();
  Client.EnterAsCallerLeft = Touched;
  analysis::FlowResult Flow =
      analysis::runTrackedObjectFlow(*Function, Ctx, Client);
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
          if (Pointers.objectOf(Lock) == Object)
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
        // AsAtEntry is the caller's lock, untouched on this path.
        EndsHeld &= !Exit.Facts.has(locks::Unlocked);
      }
    if (AnyExit && EndsHeld)
      KeepsCallersLock.push_back(Object);
  }

  // A lock written in a macro of the project (`LOCK(m)`) is reported where
  // the macro is used; one inside a system header's macro is not ours.
  const SourceManager &SM = Ctx.getSourceManager();
  auto At = [&](const Stmt *S) { return SM.getExpansionLoc(S->getBeginLoc()); };
  auto Report = [&](SourceLocation Loc) {
    return Loc.isValid() && !SM.isInSystemHeader(Loc) &&
           !SM.isInSystemMacro(Loc) && Reported.insert(Loc).second;
  };

  // Double locks, double unlocks, unlocks of a lock not held.
  for (const LockFlowClient::LockFinding &F : Client.Findings) {
    std::string Name = F.Object.name();
    if (F.Kind == LockFlowClient::DoubleLock) {
      if (!Report(At(F.Site)))
        continue;
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
        diag(At(F.Prior), "'%0' was locked here",
             DiagnosticIDs::Note)
            << Name;
      if (F.CalleeSite)
        diag(At(F.CalleeSite), "%0 locks it here", DiagnosticIDs::Note)
            << describeFunction(*F.Callee);
      continue;
    }
    const LockOperationSite *Prior = OperationAt(F.Prior);
    if (Prior && Prior->Op.K == LockOperation::Release) {
      if (!Report(At(F.Site)))
        continue;
      diag(At(F.Site), "'%0' is unlocked twice on this path")
          << Name;
      diag(At(F.Prior), "'%0' was unlocked here already",
           DiagnosticIDs::Note)
          << Name;
      continue;
    }
    if (F.Prior == nullptr &&
        (!F.OnEveryPath || llvm::is_contained(KeepsCallersLock, F.Object)))
      continue;
    auto Locks = LocksOf(F.Object);
    // Not locked here: handed in locked by the caller (a release function),
    // unless no caller can hold it: a static of this function, a thread
    // body's lock, a global that no code of the unit locks, or one that no
    // call site of the function holds.
    const auto *Var = dyn_cast_or_null<VarDecl>(F.Object.Base);
    bool NobodyHolds = false;
    if (F.Prior == nullptr && Locks.empty() && !F.Object.isLocalVariable()) {
      if (!Var || F.Object.Member || !Var->hasGlobalStorage())
        continue;
      NobodyHolds = Var->isStaticLocal() ||
                    (!Var->isExternallyVisible() &&
                     !Unit->mayBeLockedInUnit(*Var)) ||
                    !Unit->callersMayHold(*Function, *Var);
      if (!NobodyHolds)
        continue;
    }
    if (!Report(At(F.Site)))
      continue;
    diag(At(F.Site),
         "'%0' is unlocked here, but it is not held on this path")
        << Name;
    if (NobodyHolds)
      diag(At(F.Site),
           Var->isStaticLocal()
               ? "'%0' is a static of this function, which never locks it"
           : Unit->threadStart(*Function)
               ? "'%1' runs as a thread, which starts holding no lock"
           : !Unit->mayBeLockedInUnit(*Var)
               ? "nothing in this file locks '%0'"
               : "'%1' never locks '%0', and no call of '%1' in this file "
                 "holds it",
           DiagnosticIDs::Note)
          << Name << Function->getName();
    else if (const auto *PriorCall = dyn_cast_or_null<CallExpr>(F.Prior);
             PriorCall && !locks::classifyLockCall(*PriorCall, Vocab) &&
             PriorCall->getDirectCallee())
      diag(At(F.Prior), "%0, called here, unlocks it", DiagnosticIDs::Note)
          << describeFunction(*PriorCall->getDirectCallee());
    else if (F.Prior)
      diag(At(F.Prior), "the try-lock here may have failed",
           DiagnosticIDs::Note);
    else if (!Locks.empty())
      diag(At(Locks.front()->Site),
           "'%0' is locked here, on other paths", DiagnosticIDs::Note)
          << Name;
  }

  // Locks still held where the function is left, grouped by lock site.
  llvm::SmallVector<TrackedObject, 2> Acquired, NotAcquired;
  auto Acquires = [&](const TrackedObject &Object) {
    if (llvm::is_contained(Acquired, Object))
      return true;
    if (llvm::is_contained(NotAcquired, Object))
      return false;
    bool Yes = isAcquireFunction(*Function, Object, Operations);
    (Yes ? Acquired : NotAcquired).push_back(Object);
    return Yes;
  };
  llvm::MapVector<const Stmt *, llvm::SmallVector<const ExitEvent *, 2>>
      Leaks;
  // Returned holding by design on some path: no guard could do that.
  llvm::SmallVector<TrackedObject, 2> HeldByDesign;
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
    // A function that returns holding a lock by design leaves it to a
    // caller that can name it: through a local pointer (`file->Lock()`)
    // the lock is the pointee, which outlives the function; a static of
    // the function outlives it too, but no caller can name it.
    bool LocalPointer = Exit.Object.isLocalVariable() &&
                        Exit.Object.Member == nullptr &&
                        Exit.Object.Base->getType()->isPointerType();
    bool CallerCanName =
        LocalPointer || locks::callerCanName(Exit.Object, *Function);
    if (CallerCanName && !Exit.isExceptional() && Acquires(Exit.Object)) {
      HeldByDesign.push_back(Exit.Object);
      continue;
    }
    Leaks[Origin].push_back(&Exit);
  }

  bool Cxx = getLangOpts().CPlusPlus;
  for (const LockOperationSite &Site : Operations) {
    if (Site.Op.K == LockOperation::Release || Site.Op.Locks.empty())
      continue;
    auto Object = Pointers.objectOf(Site.Op.Locks.front());
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
                   return Pointers.objectOf(L) == Object;
                 });
        });
    bool BarePair = Cxx && Site.Op.OnStandardMutex && MemberCall &&
                    Normal.empty() && !OwnedByGuard &&
                    !llvm::is_contained(HeldByDesign, *Object) &&
                    !llvm::is_contained(EntersHeld, *Object) &&
                    llvm::any_of(Operations, [&](const LockOperationSite &S) {
                      return S.Op.K == LockOperation::Release &&
                             !S.Op.Locks.empty() &&
                             Pointers.objectOf(S.Op.Locks.front()) ==
                                 Object;
                    });
    if (BarePair) {
      if (!Report(At(Site.Site)))
        continue;
      {
        DiagnosticBuilder Diag =
            diag(At(Site.Site),
                 "'%0' is locked and unlocked by hand; use a guard "
                 "(std::lock_guard, std::scoped_lock or std::unique_lock) so "
                 "that it is unlocked on every path, exceptions included")
            << Name;
        suggestGuard(*MemberCall, Site.Op, Operations, *Function, Ctx, Diag);
      }
      analysis::ExitNotePlan Notes =
          analysis::planExitNotes(Exceptional, *Function, SM);
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
    if (Normal.empty() && (Exceptional.empty() || !Cxx))
      continue;
    if (!Report(At(Site.Site)))
      continue;
    diag(At(Site.Site),
         "'%0' is locked here and still held on %select{a way|an exception "
         "path}1 out of the function; unlock it on every path%select{|, or "
         "use a guard}2")
        << Name << Normal.empty() << Cxx;
    noteExits(Normal, Exceptional, Name, *Function);
  }

  // Locks taken by a callee (`lock_table()`) and still held on the way out.
  // A callee that unlocks on some paths and not on others leaks by itself:
  // that is reported in the callee, once, not at each of its calls.
  auto CalleeMayUnlock = [&](const CallExpr &Call, const TrackedObject &Object) {
    const FunctionDecl *Callee = Call.getDirectCallee();
    if (const auto *Effects = Unit->summaries().effectsOf(*Callee))
      for (const locks::LockEffect &Effect : *Effects)
        if (Effect.ExitStates & stateBit(locks::Unlocked) &&
            locks::LockSummaries::atCall(Effect.Object, Call, *Callee,
                                         &Pointers) == Object)
          return true;
    return false;
  };
  for (const auto &[Origin, Exits] : Leaks) {
    const auto *Call = dyn_cast<CallExpr>(Origin);
    if (Call == nullptr || OperationAt(Origin) || !Call->getDirectCallee() ||
        CalleeMayUnlock(*Call, Exits.front()->Object))
      continue;
    llvm::SmallVector<const ExitEvent *, 2> Normal, Exceptional;
    for (const ExitEvent *Exit : Exits)
      (Exit->isExceptional() ? Exceptional : Normal).push_back(Exit);
    if (Normal.empty() && (Exceptional.empty() || !Cxx))
      continue;
    if (!Report(At(Call)))
      continue;
    std::string Name = Exits.front()->Object.name();
    diag(At(Call),
         "'%0' is locked by '%1', called here, and still held on "
         "%select{a way|an exception path}2 out of the function; unlock it "
         "on every path%select{|, or use a guard}3")
        << Name << Call->getDirectCallee()->getName() << Normal.empty() << Cxx;
    noteExits(Normal, Exceptional, Name, *Function);
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
    const std::vector<LockOperationSite> &Operations,
    const FunctionDecl &Function, ASTContext &Ctx, DiagnosticBuilder &Diag) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Lock.getBeginLoc().isMacroID())
    return;
  const locks::LockPointers Pointers(Function);
  // The critical section must be the rest of one block: the lock a
  // statement of it, the unlock its last statement.
  DynTypedNodeList Parents = Ctx.getParents(Lock);
  const auto *Block = Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
  if (Block == nullptr || Block->body_empty())
    return;
  const auto *Unlock = dyn_cast<CXXMemberCallExpr>(Block->body_back());
  std::optional<TrackedObject> Object =
      Pointers.objectOf(Lock.getImplicitObjectArgument());
  if (Unlock == nullptr || Unlock == &Lock || Unlock->getBeginLoc().isMacroID())
    return;
  auto UnlockOp = locks::classifyLockCall(*Unlock, Vocab);
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
