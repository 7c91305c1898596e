//===--- ThreadTermination.cpp - conc-tidy --------------------------------===//
//
// Part of conc. Whether the code a thread runs can ever stop.
//
//===----------------------------------------------------------------------===//

#include "ThreadTermination.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::conc::analysis {
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
  const Stmt *Code = Body.body();
  if (!Code)
    return nullptr;
  EndlessLoopFinder Finder(Ctx);
  Finder.TraverseStmt(const_cast<Stmt *>(Code));
  if (Finder.Found)
    return Finder.Found;
  if (isa<CompoundStmt>(Code) && !cast<CompoundStmt>(Code)->body_empty() &&
      isa<Expr>(cast<CompoundStmt>(Code)->body_front()))
    if (const FunctionDecl *Next = forwardedFunction(Code)) {
      EndlessLoopFinder Inner(Ctx);
      Inner.TraverseStmt(Next->getBody());
      return Inner.Found;
    }
  return nullptr;
}

bool takesStopToken(const ThreadBody &Body) {
  const FunctionDecl *Function = Body.bodyFunction();
  if (!Function)
    return false;
  for (const ParmVarDecl *Param : Function->parameters())
    if (const CXXRecordDecl *Record =
            Param->getType().getNonReferenceType()->getAsCXXRecordDecl())
      if (Record->getQualifiedNameAsString() == "std::stop_token")
        return true;
  return false;
}

} // namespace clang::tidy::conc::analysis
