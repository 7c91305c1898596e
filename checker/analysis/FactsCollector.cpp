//===--- FactsCollector.cpp - conc-tidy -----------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "analysis/FactsCollector.h"

#include "analysis/AstHelpers.h"
#include "analysis/LockSummaries.h"
#include "analysis/ThreadBodies.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::conc::analysis {

using analysis::LockKey;
using analysis::LockOperation;

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

std::string memberId(const FieldDecl &Field) {
  return Field.getParent()->getQualifiedNameAsString() + "::" +
         Field.getNameAsString();
}

std::string lockId(const LockKey &Key) {
  if (const auto *Field = dyn_cast_or_null<FieldDecl>(Key.Decl))
    return memberId(*Field);
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

namespace {

/// The thread members a function joins or detaches itself: `t_.join()`,
/// `for (auto &t : workers_) t.join()`.
class MemberJoinFinder : public RecursiveASTVisitor<MemberJoinFinder> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  bool TraverseCXXForRangeStmt(CXXForRangeStmt *Loop) {
    const FieldDecl *Range = fieldOf(Loop->getRangeInit());
    if (Range)
      LoopVariables.push_back({Loop->getLoopVariable(), Range});
    bool Result =
        RecursiveASTVisitor<MemberJoinFinder>::TraverseCXXForRangeStmt(Loop);
    if (Range)
      LoopVariables.pop_back();
    return Result;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier() ||
        (Method->getName() != "join" && Method->getName() != "detach"))
      return true;
    const Expr *Object = Call->getImplicitObjectArgument();
    if (const FieldDecl *Field = fieldOf(Object)) {
      Joined.push_back(Field);
      return true;
    }
    if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
            Object ? Object->IgnoreParenImpCasts() : nullptr))
      for (const auto &[Var, Field] : LoopVariables)
        if (Ref->getDecl() == Var)
          Joined.push_back(Field);
    return true;
  }

  std::vector<const FieldDecl *> Joined;

private:
  static const FieldDecl *fieldOf(const Expr *E) {
    if (!E)
      return nullptr;
    if (const auto *Member = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts()))
      return dyn_cast<FieldDecl>(Member->getMemberDecl());
    return nullptr;
  }
  std::vector<std::pair<const VarDecl *, const FieldDecl *>> LoopVariables;
};

} // namespace

FactsCollector::FactsCollector(
    const analysis::LockVocabulary &Vocab,
    std::vector<llvm::StringRef> TerminatingThreadTypes, ASTContext &AST)
    : Vocab(Vocab), ThreadTypes(std::move(TerminatingThreadTypes)), AST(AST),
      Mangle(AST.createMangleContext()) {
  const SourceManager &SM = AST.getSourceManager();
  Facts.Unit = fileOf(SM.getMainFileID());
  Facts.IsC = !AST.getLangOpts().CPlusPlus;
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

int FactsCollector::threadKind(QualType T) const {
  if (isExactlyOneOfTypes(T, ThreadTypes))
    return 1;
  if (isThreadContainerType(T, ThreadTypes))
    return 2;
  return 0;
}

void FactsCollector::addRecord(const CXXRecordDecl &Record) {
  const SourceManager &SM = AST.getSourceManager();
  if (!Record.isThisDeclarationADefinition() || Record.isDependentContext() ||
      Record.isLambda() || Record.isUnion() ||
      SM.isInSystemHeader(Record.getLocation()))
    return;
  const CXXDestructorDecl *Dtor = Record.getDestructor();
  if (!Dtor || !Dtor->isUserProvided())
    return;
  for (const FieldDecl *Field : Record.fields()) {
    QualType T = Field->getType();
    if (T->isReferenceType() || T->isPointerType())
      continue; // someone else owns it
    if (int Kind = threadKind(T))
      Facts.ThreadMembers.push_back(
          {Record.getQualifiedNameAsString(), memberId(*Field),
           Kind == 2, functionId(*Dtor, *Mangle),
           placeOf(Field->getLocation())});
  }
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

  // A lock reached through a parameter of this function (`std::mutex &m`,
  // `pthread_mutex_t *m`) is `<id>#<index>` until a caller names it.
  auto ParameterLock = [&](const Expr *Lock) -> std::optional<std::string> {
    const Expr *E = ignoreWrappersAndMoves(Lock);
    while (const auto *Unary = dyn_cast_or_null<UnaryOperator>(E)) {
      if (Unary->getOpcode() != UO_AddrOf && Unary->getOpcode() != UO_Deref)
        break;
      E = ignoreWrappersAndMoves(Unary->getSubExpr());
    }
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
    const auto *Parameter =
        Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    if (!Parameter || Parameter->getDeclContext() != &Function)
      return std::nullopt;
    return parameterLockId(F.Id, Parameter->getFunctionScopeIndex());
  };
  auto Held = [&](llvm::ArrayRef<analysis::HeldLock> Locks) {
    std::vector<HeldLockFact> Out;
    for (const analysis::HeldLock &H : Locks) {
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
  llvm::DenseMap<const CallExpr *, std::vector<HeldLockFact>> HeldAtCall;
  std::vector<analysis::LockOperationSite> Operations =
      analysis::collectLockOperations(Body, Vocab, AST);
  if (analysis::mayTouchLocks(Body, Vocab, AST)) {
    analysis::LockFlowClient Client(Vocab);
    Client.Analysed = &Function;
    llvm::DenseSet<const Stmt *> Seen;
    Client.OnAcquire = [&](const Stmt &Site, const LockOperation &Op,
                           llvm::ArrayRef<analysis::HeldLock> Locks) {
      if (Op.K == LockOperation::TryAcquire || !Seen.insert(&Site).second)
        return; // a try-lock does not wait: it orders nothing
      std::vector<HeldLockFact> Before = Held(Locks);
      for (const Expr *Lock : Op.Locks) {
        auto Keys = Client.keysOf(Lock);
        for (const LockKey &Key : Keys)
          F.Acquisitions.push_back(
              {lockId(Key), placeOf(Site.getBeginLoc()), Before});
        if (Keys.empty())
          if (std::optional<std::string> Parameter = ParameterLock(Lock))
            F.Acquisitions.push_back(
                {*Parameter, placeOf(Site.getBeginLoc()), Before});
      }
    };
    Client.OnCall = [&](const CallExpr &Call,
                        llvm::ArrayRef<analysis::HeldLock> Locks) {
      if (!Locks.empty())
        HeldAtCall.try_emplace(&Call, Held(Locks));
    };
    analysis::runTrackedObjectFlow(Function, AST, Client);
  }

  for (const CallExpr *CallSite : analysis::collectCalls(Body)) {
    const FunctionDecl *Callee = CallSite->getDirectCallee();
    if (!Callee || SM.isInSystemHeader(Callee->getLocation()) ||
        analysis::classifyLockCall(*CallSite, Vocab))
      continue;
    Call C;
    C.Callee = functionId(*Callee, *Mangle);
    C.CalleeName = functionName(*Callee);
    C.Where = placeOf(CallSite->getBeginLoc());
    if (auto It = HeldAtCall.find(CallSite); It != HeldAtCall.end())
      C.Held = It->second;
    // What a callee's parameter lock is at this call.
    unsigned First = isa<CXXOperatorCallExpr>(CallSite) &&
                             isa<CXXMethodDecl>(Callee)
                         ? 1 // the object of an operator call is no parameter
                         : 0;
    for (unsigned I = First; I < CallSite->getNumArgs(); ++I) {
      const Expr *Argument = CallSite->getArg(I);
      std::optional<std::string> Name;
      if (LockKey Key = analysis::lockKeyOf(Argument))
        Name = lockId(Key);
      else
        Name = ParameterLock(Argument);
      if (Name)
        C.LockArguments.push_back({I - First, *Name});
    }
    F.Calls.push_back(std::move(C));
  }

  // Which of its caller's locks the function releases (an unlock of a lock
  // it never acquires) or leaves held (a lock call with no unlock of it):
  // what a call into another unit does to its caller's locks.
  llvm::StringSet<> Acquired, Released, AcquiredByCall;
  for (const analysis::LockOperationSite &Site : Operations)
    for (const Expr *Lock : Site.Op.Locks)
      if (LockKey Key = analysis::lockKeyOf(Lock)) {
        std::string Id = lockId(Key);
        if (Site.Op.K == LockOperation::Release) {
          Released.insert(Id);
        } else {
          Acquired.insert(Id);
          if (isa<CallExpr>(Site.Site))
            AcquiredByCall.insert(Id);
        }
      }
  for (const analysis::LockOperationSite &Site : Operations)
    if (Site.Op.K == LockOperation::Release)
      for (const Expr *Lock : Site.Op.Locks)
        if (LockKey Key = analysis::lockKeyOf(Lock)) {
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

  // The threads it starts and what each runs (a lambda's call operator,
  // a named function), named as their definitions will be.
  for (const ast_matchers::BoundNodes &Match : ast_matchers::match(
           ast_matchers::findAll(
               ast_matchers::stmt(threadStartMatcher(Starts)).bind("start")),
           Body, AST))
    if (auto Start = classifyThreadStart(Match.getNodeAs<Expr>("start"), Starts))
      if (const FunctionDecl *Runs = Start->bodyFunction())
        F.ThreadStarts.push_back({functionId(*Runs, *Mangle),
                                  functionName(*Runs),
                                  placeOf(Start->Spawn->getBeginLoc())});

  MemberJoinFinder Joins;
  Joins.TraverseStmt(const_cast<Stmt *>(&Body));
  for (const FieldDecl *Field : Joins.Joined)
    if (threadKind(Field->getType())) {
      std::string Member = memberId(*Field);
      if (!llvm::is_contained(F.JoinsMembers, Member))
        F.JoinsMembers.push_back(Member);
    }

  // Every definition, even one with nothing to tell: that a function is
  // defined in the project (and does nothing of this) is a fact too.
  Facts.Functions.push_back(std::move(F));
}

} // namespace clang::tidy::conc::analysis
