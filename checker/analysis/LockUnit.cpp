//===--- LockUnit.cpp - conc-tidy -----------------------------------------===//
//
// Part of conc. What a translation unit tells about its locks; see the
// header.
//
//===----------------------------------------------------------------------===//

#include "LockUnit.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::conc::analysis {
namespace {

using analysis::TrackedObject;

const FunctionDecl *canonical(const FunctionDecl *F) {
  return F ? F->getCanonicalDecl() : nullptr;
}

/// A global variable that an argument names (`m`, `&m`).
const VarDecl *globalNamedBy(const Expr *E) {
  std::optional<TrackedObject> Object = TrackedObject::fromExpr(E);
  if (!Object || Object->Member)
    return nullptr;
  const auto *Var = dyn_cast_or_null<VarDecl>(Object->Base);
  return Var && Var->hasGlobalStorage() ? Var : nullptr;
}

class Indexer : public RecursiveASTVisitor<Indexer> {
public:
  Indexer(ASTContext &AST, const LockVocabulary &Vocab,
          const ThreadStartVocabulary &Threads)
      : AST(AST), Vocab(Vocab), Threads(Threads) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  // The library's own declarations say nothing about the project's locks,
  // and are most of a translation unit.
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) &&
        D->getASTContext().getSourceManager().isInSystemHeader(
            D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool TraverseFunctionDecl(FunctionDecl *F) {
    return inFunction(F, [&] {
      return RecursiveASTVisitor::TraverseFunctionDecl(F);
    });
  }
  bool TraverseCXXMethodDecl(CXXMethodDecl *F) {
    return inFunction(F, [&] {
      return RecursiveASTVisitor::TraverseCXXMethodDecl(F);
    });
  }
  bool TraverseCXXConstructorDecl(CXXConstructorDecl *F) {
    return inFunction(F, [&] {
      return RecursiveASTVisitor::TraverseCXXConstructorDecl(F);
    });
  }
  bool TraverseCXXDestructorDecl(CXXDestructorDecl *F) {
    return inFunction(F, [&] {
      return RecursiveASTVisitor::TraverseCXXDestructorDecl(F);
    });
  }
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    return inFunction(Lambda->getCallOperator(), [&] {
      return RecursiveASTVisitor::TraverseLambdaExpr(Lambda);
    });
  }

  bool VisitCallExpr(CallExpr *Call) {
    noteThreadStart(Call);
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee) {
      CalleeRefs.insert(Call->getCallee()->IgnoreParenImpCasts());
      Callers[canonical(Callee)].push_back({Call, Current});
    }
    std::optional<LockOperation> Op =
        Callee ? classifyLockCall(*Call, Vocab) : std::nullopt;
    if (Op) {
      for (const Expr *Lock : Op->Locks)
        if (const VarDecl *Var = globalNamedBy(Lock)) {
          ++Accounted[Var];
          if (Op->K != LockOperation::Release)
            LockedVars.insert(Var);
        }
      return true;
    }
    // Handing a lock to the library (init, destroy, a condition wait)
    // lets no code of the project reach it; handing it to the project's
    // own code may.
    bool System = Callee && AST.getSourceManager().isInSystemHeader(
                                Callee->getLocation());
    auto Argument = [&](const Expr *Arg) {
      if (const VarDecl *Var = globalNamedBy(Arg)) {
        ++Accounted[Var];
        if (!System)
          EscapedVars.insert(Var);
      }
    };
    for (const Expr *Arg : Call->arguments())
      Argument(Arg);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      Argument(Member->getImplicitObjectArgument());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    noteThreadStart(Construct);
    bool Guard = isGuardType(Construct->getType());
    for (const Expr *Arg : Construct->arguments())
      if (const VarDecl *Var = globalNamedBy(Arg)) {
        ++Accounted[Var];
        (Guard ? LockedVars : EscapedVars).insert(Var);
      }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *F = dyn_cast<FunctionDecl>(Ref->getDecl());
        F && !CalleeRefs.contains(Ref))
      AddressTaken.insert(canonical(F));
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->hasGlobalStorage())
      ++Uses[Var];
    return true;
  }

  /// Globals used in some other way than as an argument we looked at.
  void finish() {
    for (const auto &[Var, Count] : Uses)
      if (Count > Accounted.lookup(Var))
        EscapedVars.insert(Var);
  }

  ASTContext &AST;
  const LockVocabulary &Vocab;
  const ThreadStartVocabulary &Threads;
  const FunctionDecl *Current = nullptr;
  llvm::DenseSet<const Expr *> CalleeRefs;
  llvm::DenseMap<const FunctionDecl *, std::vector<std::pair<const CallExpr *, const FunctionDecl *>>>
      Callers;
  llvm::DenseSet<const FunctionDecl *> AddressTaken;
  llvm::DenseMap<const FunctionDecl *, const Expr *> ThreadStarts;
  llvm::DenseSet<const VarDecl *> LockedVars, EscapedVars;
  llvm::DenseMap<const VarDecl *, unsigned> Uses, Accounted;

private:
  template <typename Fn> bool inFunction(const FunctionDecl *F, Fn Traverse) {
    const FunctionDecl *Outer = Current;
    Current = F;
    bool Result = Traverse();
    Current = Outer;
    return Result;
  }
  void noteThreadStart(const Expr *E) {
    std::optional<ThreadStart> Start = classifyThreadStart(E, Threads);
    if (!Start)
      return;
    if (const FunctionDecl *Body = Start->bodyFunction())
      ThreadStarts.try_emplace(canonical(Body), E);
  }
};

} // namespace

LockUnit::LockUnit(ASTContext &AST, const LockVocabulary &Vocab,
                   const ThreadStartVocabulary &Threads)
    : AST(AST), Vocab(Vocab), Recursive(AST),
      Summaries(Vocab, AST, &Recursive) {
  Indexer Index(AST, Vocab, Threads);
  Index.TraverseDecl(AST.getTranslationUnitDecl());
  Index.finish();
  for (auto &[Callee, Sites] : Index.Callers)
    for (const auto &[Call, Caller] : Sites)
      Callers[Callee].push_back({Call, Caller});
  AddressTaken = std::move(Index.AddressTaken);
  ThreadStarts = std::move(Index.ThreadStarts);
  LockedVars = std::move(Index.LockedVars);
  EscapedVars = std::move(Index.EscapedVars);
}

const Expr *LockUnit::threadStart(const FunctionDecl &Function) const {
  return ThreadStarts.lookup(canonical(&Function));
}

bool LockUnit::mayBeLockedInUnit(const VarDecl &Lock) const {
  return LockedVars.contains(&Lock) || EscapedVars.contains(&Lock);
}

std::optional<std::vector<const CallExpr *>>
LockUnit::callsOf(const FunctionDecl &Function) const {
  const FunctionDecl *Key = canonical(&Function);
  if (AddressTaken.contains(Key))
    return std::nullopt;
  std::vector<const CallExpr *> Calls;
  if (auto It = Callers.find(Key); It != Callers.end())
    for (const CallSite &Site : It->second)
      Calls.push_back(Site.Call);
  return Calls;
}

bool LockUnit::callersMayHold(const FunctionDecl &Function,
                              const VarDecl &Lock, unsigned Depth) {
  const FunctionDecl *Key = canonical(&Function);
  if (AddressTaken.contains(Key))
    return true;
  auto It = Callers.find(Key);
  if (It == Callers.end() || It->second.empty())
    return ThreadStarts.lookup(Key) == nullptr;
  if (Depth >= 2)
    return true;
  TrackedObject Object{&Lock, nullptr};
  for (const CallSite &Site : It->second) {
    const FunctionDecl *Caller = Site.Caller;
    if (Caller == nullptr || !Caller->hasBody() ||
        Caller->isDependentContext())
      return true;
    LockFlowClient Client(Vocab);
    Client.Analysed = Caller;
    Client.Summaries = &Summaries;
    Client.Recursive = &Recursive;
    Client.EnterAsCallerLeft = Summaries.sharedLocks(*Caller);
    if (!llvm::is_contained(Client.EnterAsCallerLeft, Object))
      Client.EnterAsCallerLeft.push_back(Object);
    analysis::StateSet AtCall = 0;
    bool Seen = false;
    Client.BeforeCall = [&](const CallExpr &Call,
                            const analysis::FlowState &State) {
      if (&Call != Site.Call)
        return;
      Seen = true;
      if (const analysis::ObjectFacts *Facts = State.lookup(Object))
        AtCall |= Facts->States;
      else
        AtCall |= analysis::stateBit(AsAtEntry);
    };
    analysis::FlowResult Flow =
        analysis::runTrackedObjectFlow(*Caller, AST, Client);
    if (!Flow.Complete || !Seen)
      return true;
    if (AtCall & (analysis::stateBit(Locked) |
                  analysis::stateBit(SharedLocked) |
                  analysis::stateBit(SharedLockedTwice)))
      return true;
    if ((AtCall & analysis::stateBit(AsAtEntry)) &&
        callersMayHold(*Caller, Lock, Depth + 1))
      return true;
  }
  return false;
}

} // namespace clang::tidy::conc::analysis
