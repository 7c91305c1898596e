//===--- ThreadModel.cpp - conc-tidy --------------------------------------===//
//
// Part of conc. What the thread checks know about threads.
//
//===----------------------------------------------------------------------===//

#include "ThreadModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::conc::threads {

static const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType().getCanonicalType();
  return T->getAsCXXRecordDecl();
}

static bool hasQualifiedName(const NamedDecl *D,
                             llvm::ArrayRef<StringRef> Names) {
  if (!D)
    return false;
  std::string Qualified = D->getQualifiedNameAsString();
  for (StringRef Name : Names) {
    StringRef Bare = Name;
    Bare.consume_front("::");
    if (Bare == Qualified)
      return true;
  }
  return false;
}

bool isThreadType(QualType T, llvm::ArrayRef<StringRef> Types) {
  return hasQualifiedName(recordOf(T), Types);
}

bool isJThreadType(QualType T) {
  static const StringRef Names[] = {"::std::jthread"};
  return hasQualifiedName(recordOf(T), Names);
}

bool isThreadContainerType(QualType T, llvm::ArrayRef<StringRef> Types) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *Array = dyn_cast<ArrayType>(T.getTypePtr()))
    return isThreadType(Array->getElementType(), Types) ||
           isThreadContainerType(Array->getElementType(), Types);
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(T));
  if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier())
    return false;
  static const llvm::StringRef Containers[] = {
      "vector", "deque", "list", "forward_list", "array", "map",
      "unordered_map", "multimap", "unordered_multimap"};
  if (!llvm::is_contained(Containers, Spec->getName()))
    return false;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
    if (Arg.getKind() == TemplateArgument::Type &&
        (isThreadType(Arg.getAsType(), Types) ||
         isThreadContainerType(Arg.getAsType(), Types)))
      return true;
  return false;
}

bool isPthreadType(QualType T) {
  if (T.isNull())
    return false;
  if (const auto *Typedef = T->getAs<TypedefType>())
    return Typedef->getDecl()->getName() == "pthread_t";
  return false;
}

bool isCallTo(const CallExpr &Call, StringRef Name) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && Callee->getDeclName().isIdentifier() &&
         Callee->getName() == Name &&
         Callee->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

ThreadBody resolveThreadBody(const Expr *Callable) {
  ThreadBody Result;
  if (!Callable)
    return Result;
  const Expr *E = Callable->IgnoreParenImpCasts();
  while (true) {
    if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temp->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() == 1)
      E = Construct->getArg(0)->IgnoreParenImpCasts();
    else if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
             AddrOf && AddrOf->getOpcode() == UO_AddrOf)
      E = AddrOf->getSubExpr()->IgnoreParenImpCasts();
    else
      break;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
    Result.Lambda = Lambda;
    Result.Function = Lambda->getCallOperator();
    Result.Body = Lambda->getBody();
    return Result;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    // A local lambda: `auto loop = [&] {...}; std::thread t(loop);`
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl())) {
      if (Var->getType().isConstQualified() || Var->hasLocalStorage())
        if (const Expr *Init = Var->getInit())
          if (const auto *Lambda =
                  dyn_cast<LambdaExpr>(Init->IgnoreParenImpCasts()))
            return resolveThreadBody(Lambda);
      return Result;
    }
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl())) {
      const FunctionDecl *Definition = Function->getDefinition();
      if (Definition && Definition->hasBody()) {
        Result.Function = Definition;
        Result.Body = Definition->getBody();
      }
    }
  }
  return Result;
}

namespace {

/// Finds a way out of one loop.
class LoopExitFinder : public RecursiveASTVisitor<LoopExitFinder> {
public:
  static bool hasExit(const Stmt *Loop) {
    LoopExitFinder Finder;
    Finder.TraverseStmt(const_cast<Stmt *>(Loop));
    return Finder.Found;
  }
  bool TraverseWhileStmt(WhileStmt *S) {
    return enter(S, S->getBody(),
                 [&] { return RecursiveASTVisitor::TraverseWhileStmt(S); });
  }
  bool TraverseDoStmt(DoStmt *S) {
    return enter(S, S->getBody(),
                 [&] { return RecursiveASTVisitor::TraverseDoStmt(S); });
  }
  bool TraverseForStmt(ForStmt *S) {
    return enter(S, S->getBody(),
                 [&] { return RecursiveASTVisitor::TraverseForStmt(S); });
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    return enter(S, S->getBody(), [&] {
      return RecursiveASTVisitor::TraverseCXXForRangeStmt(S);
    });
  }
  bool TraverseSwitchStmt(SwitchStmt *S) {
    ++BreakDepth;
    bool R = RecursiveASTVisitor::TraverseSwitchStmt(S);
    --BreakDepth;
    return R;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitBreakStmt(BreakStmt *) {
    if (BreakDepth == 0)
      Found = true;
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *) { return found(); }
  bool VisitCoreturnStmt(CoreturnStmt *) { return found(); }
  bool VisitCXXThrowExpr(CXXThrowExpr *) { return found(); }
  bool VisitGotoStmt(GotoStmt *) { return found(); }
  bool VisitCallExpr(CallExpr *Call) {
    // pthread_exit or a [[noreturn]] helper that throws ends the thread; a
    // noexcept one (abort, exit, a failed assert) ends the process, which
    // is no way to stop a thread.
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (Callee->isNoReturn()) {
        const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
        if (!Proto || !Proto->isNothrow())
          Found = true;
      }
    return true;
  }

private:
  /// The outermost loop is the one examined: its own breaks count; a
  /// break in a nested loop leaves only that one.
  bool enter(Stmt *Loop, Stmt *Body, llvm::function_ref<bool()> Traverse) {
    if (!Started) {
      Started = true;
      return RecursiveASTVisitor::TraverseStmt(Body);
    }
    ++BreakDepth;
    bool R = Traverse();
    --BreakDepth;
    return R;
  }
  bool found() {
    Found = true;
    return false;
  }
  bool Started = false;
  unsigned BreakDepth = 0;
  bool Found = false;
};

bool isAlwaysTrue(const Expr *Cond, ASTContext &Ctx) {
  if (!Cond)
    return true;
  if (Cond->isValueDependent() || Cond->isTypeDependent())
    return false;
  bool Value = false;
  return Cond->EvaluateAsBooleanCondition(Value, Ctx) && Value;
}

class EndlessLoopFinder : public RecursiveASTVisitor<EndlessLoopFinder> {
public:
  explicit EndlessLoopFinder(ASTContext &Ctx) : Ctx(Ctx) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitWhileStmt(WhileStmt *S) { return consider(S, S->getCond()); }
  bool VisitDoStmt(DoStmt *S) { return consider(S, S->getCond()); }
  bool VisitForStmt(ForStmt *S) { return consider(S, S->getCond()); }
  const Stmt *Found = nullptr;

private:
  bool consider(const Stmt *Loop, const Expr *Cond) {
    if (isAlwaysTrue(Cond, Ctx) && !LoopExitFinder::hasExit(Loop)) {
      Found = Loop;
      return false;
    }
    return true;
  }
  ASTContext &Ctx;
};

/// `[this] { run(); }`, `[] { loop(); }`: the one call a body makes.
const FunctionDecl *forwardedFunction(const Stmt *Body) {
  const auto *Compound = dyn_cast_or_null<CompoundStmt>(Body);
  if (!Compound || Compound->size() != 1)
    return nullptr;
  const auto *Call =
      dyn_cast<CallExpr>(cast<Expr>(Compound->body_front())->IgnoreParens());
  if (!Call)
    return nullptr;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return nullptr;
  const FunctionDecl *Definition = Callee->getDefinition();
  return Definition && Definition->hasBody() ? Definition : nullptr;
}

} // namespace

const Stmt *findEndlessLoop(const ThreadBody &Body, ASTContext &Ctx) {
  if (!Body.Body)
    return nullptr;
  EndlessLoopFinder Finder(Ctx);
  Finder.TraverseStmt(const_cast<Stmt *>(Body.Body));
  if (Finder.Found)
    return Finder.Found;
  if (isa<CompoundStmt>(Body.Body) &&
      !cast<CompoundStmt>(Body.Body)->body_empty() &&
      isa<Expr>(cast<CompoundStmt>(Body.Body)->body_front()))
    if (const FunctionDecl *Next = forwardedFunction(Body.Body)) {
      EndlessLoopFinder Inner(Ctx);
      Inner.TraverseStmt(Next->getBody());
      return Inner.Found;
    }
  return nullptr;
}

bool takesStopToken(const ThreadBody &Body) {
  if (!Body.Function)
    return false;
  for (const ParmVarDecl *Param : Body.Function->parameters())
    if (const CXXRecordDecl *Record = recordOf(Param->getType()))
      if (Record->getQualifiedNameAsString() == "std::stop_token")
        return true;
  return false;
}

} // namespace clang::tidy::conc::threads
