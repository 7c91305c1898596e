//===--- FactsCollector.cpp - conc-tidy -----------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "analysis/FactsCollector.h"

#include "analysis/LockSummaries.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::conc::facts {

using locks::LockKey;
using locks::LockOperation;

std::string functionId(const FunctionDecl &Function, MangleContext &Mangle) {
  std::string Id;
  if (Mangle.shouldMangleDeclName(&Function)) {
    llvm::raw_string_ostream OS(Id);
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Function))
      Mangle.mangleName(GlobalDecl(Ctor, Ctor_Complete), OS);
    else if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(&Function))
      Mangle.mangleName(GlobalDecl(Dtor, Dtor_Complete), OS);
    else
      Mangle.mangleName(GlobalDecl(&Function), OS);
  } else {
    Id = Function.getQualifiedNameAsString(); // C, extern "C"
  }
  if (!Function.isExternallyVisible())
    Id += UnitPrivateSuffix;
  return Id;
}

std::string functionName(const FunctionDecl &Function) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&Function);
      Method && Method->getParent()->isLambda()) {
    // `(anonymous class)::operator()` tells nobody anything.
    const DeclContext *Outer = Method->getParent()->getDeclContext();
    while (Outer && !isa<FunctionDecl>(Outer))
      Outer = Outer->getParent();
    if (const auto *Enclosing = dyn_cast_or_null<FunctionDecl>(Outer))
      return "lambda in " + functionName(*Enclosing);
    return "lambda";
  }
  return Function.getQualifiedNameAsString();
}

std::string lockId(const LockKey &Key) {
  if (const auto *Field = dyn_cast_or_null<FieldDecl>(Key.Decl))
    return Field->getParent()->getQualifiedNameAsString() + "::" +
           Field->getNameAsString();
  const auto *Var = dyn_cast_or_null<VarDecl>(Key.Decl);
  if (!Var)
    return Key.name();
  std::string Id = Var->getQualifiedNameAsString();
  // A static of a function is the function's (qualified by it); a variable
  // private to the unit is a different lock in every unit.
  if (!Var->isStaticLocal() && !Var->isExternallyVisible())
    Id += UnitPrivateSuffix;
  return Id;
}

llvm::StringRef displayName(llvm::StringRef Id) {
  Id.consume_back(UnitPrivateSuffix);
  return Id;
}

FactsCollector::FactsCollector(const locks::LockVocabulary &Vocab,
                               ASTContext &AST)
    : Vocab(Vocab), AST(AST), Mangle(AST.createMangleContext()) {
  const SourceManager &SM = AST.getSourceManager();
  Facts.Unit = fileOf(SM.getMainFileID());
}

FactsCollector::~FactsCollector() = default;

std::string FactsCollector::fileOf(FileID File) {
  auto [It, Inserted] = FileNames.try_emplace(File);
  if (!Inserted)
    return It->second;
  const SourceManager &SM = AST.getSourceManager();
  if (OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File)) {
    llvm::SmallString<256> Path(Entry->getName());
    SM.getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    It->second = std::string(Path);
  }
  return It->second;
}

Place FactsCollector::placeOf(SourceLocation Loc) {
  const SourceManager &SM = AST.getSourceManager();
  SourceLocation At = SM.getExpansionLoc(Loc);
  if (At.isInvalid())
    return {};
  auto [File, Offset] = SM.getDecomposedLoc(At);
  return {fileOf(File), SM.getLineNumber(File, Offset),
          SM.getColumnNumber(File, Offset)};
}

void FactsCollector::addFunction(const FunctionDecl &Function) {
  const SourceManager &SM = AST.getSourceManager();
  if (!Function.doesThisDeclarationHaveABody() || !Function.getBody() ||
      Function.isDependentContext() ||
      SM.isInSystemHeader(Function.getLocation()))
    return;
  const Stmt &Body = *Function.getBody();

  FunctionFacts F;
  F.Id = functionId(Function, *Mangle);
  F.Name = functionName(Function);
  F.Where = placeOf(Function.getLocation());

  auto Held = [&](llvm::ArrayRef<locks::HeldLock> Locks) {
    std::vector<HeldLock> Out;
    for (const locks::HeldLock &H : Locks) {
      llvm::SmallVector<LockKey, 2> Keys;
      if (H.Key)
        Keys.push_back(H.Key);
      llvm::append_range(Keys, H.Alternatives);
      for (const LockKey &Key : Keys)
        Out.push_back({lockId(Key), H.Site ? placeOf(H.Site->getBeginLoc())
                                           : Place()});
    }
    return Out;
  };

  // Calls and the locks held at each, from the flow when the function
  // touches locks (otherwise it holds none of its own at any call).
  llvm::DenseMap<const CallExpr *, std::vector<HeldLock>> HeldAtCall;
  std::vector<locks::LockOperationSite> Operations =
      locks::collectLockOperations(Body, Vocab, AST);
  if (locks::mayTouchLocks(Body, Vocab, AST)) {
    locks::LockFlowClient Client(Vocab);
    Client.Analysed = &Function;
    llvm::DenseSet<const Stmt *> Seen;
    Client.OnAcquire = [&](const Stmt &Site, const LockOperation &Op,
                           llvm::ArrayRef<locks::HeldLock> Locks) {
      if (Op.K == LockOperation::TryAcquire || !Seen.insert(&Site).second)
        return; // a try-lock does not wait: it orders nothing
      std::vector<HeldLock> Before = Held(Locks);
      for (const Expr *Lock : Op.Locks)
        for (const LockKey &Key : Client.keysOf(Lock))
          F.Acquisitions.push_back(
              {lockId(Key), placeOf(Site.getBeginLoc()), Before});
    };
    Client.OnCall = [&](const CallExpr &Call,
                        llvm::ArrayRef<locks::HeldLock> Locks) {
      if (!Locks.empty())
        HeldAtCall.try_emplace(&Call, Held(Locks));
    };
    analysis::runTrackedObjectFlow(Function, AST, Client);
  }

  for (const CallExpr *CallSite : locks::collectCalls(Body)) {
    const FunctionDecl *Callee = CallSite->getDirectCallee();
    if (!Callee || SM.isInSystemHeader(Callee->getLocation()) ||
        locks::classifyLockCall(*CallSite, Vocab))
      continue;
    Call C;
    C.Callee = functionId(*Callee, *Mangle);
    C.CalleeName = functionName(*Callee);
    C.Where = placeOf(CallSite->getBeginLoc());
    if (auto It = HeldAtCall.find(CallSite); It != HeldAtCall.end())
      C.Held = It->second;
    F.Calls.push_back(std::move(C));
  }

  // Which of its caller's locks the function releases (an unlock of a lock
  // it never acquires) or leaves held (a lock call with no unlock of it):
  // what a call into another unit does to its caller's locks.
  llvm::StringSet<> Acquired, Released, AcquiredByCall;
  for (const locks::LockOperationSite &Site : Operations)
    for (const Expr *Lock : Site.Op.Locks)
      if (LockKey Key = locks::lockKeyOf(Lock)) {
        std::string Id = lockId(Key);
        if (Site.Op.K == LockOperation::Release) {
          Released.insert(Id);
        } else {
          Acquired.insert(Id);
          if (isa<CallExpr>(Site.Site))
            AcquiredByCall.insert(Id);
        }
      }
  for (const locks::LockOperationSite &Site : Operations)
    if (Site.Op.K == LockOperation::Release)
      for (const Expr *Lock : Site.Op.Locks)
        if (LockKey Key = locks::lockKeyOf(Lock)) {
          std::string Id = lockId(Key);
          if (!Acquired.contains(Id) &&
              llvm::none_of(F.ReleasesCallersLocks,
                            [&](const Release &R) { return R.Lock == Id; }))
            F.ReleasesCallersLocks.push_back(
                {Id, placeOf(Site.Site->getBeginLoc())});
        }
  for (const auto &Entry : AcquiredByCall)
    if (!Released.contains(Entry.getKey()))
      F.ReturnsHolding.push_back(Entry.getKey().str());
  llvm::sort(F.ReturnsHolding);

  if (F.Acquisitions.empty() && F.Calls.empty() &&
      F.ReleasesCallersLocks.empty())
    return; // nothing another unit needs to know
  Facts.Functions.push_back(std::move(F));
}

} // namespace clang::tidy::conc::facts
