//===--- MayThrow.cpp - conc-tidy -----------------------------------------===//
//
// Part of conc. Whether a call can leave its caller by an exception.
//
//===----------------------------------------------------------------------===//

#include "MayThrow.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::conc::analysis {

bool mayThrow(const FunctionDecl &Function, unsigned Depth) {
  if (const auto *Proto = Function.getType()->getAs<FunctionProtoType>();
      Proto && Proto->isNothrow())
    return false;
  if (Function.isExternC())
    return false;
  const FunctionDecl *Definition = Function.getDefinition();
  if (Definition == nullptr || !Definition->hasBody() || Depth >= 3 ||
      Definition->isDependentContext())
    return true;
  struct ThrowFinder : RecursiveASTVisitor<ThrowFinder> {
    unsigned Depth;
    bool Found = false;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitCXXThrowExpr(CXXThrowExpr *) { return !(Found = true); }
    bool VisitCXXNewExpr(CXXNewExpr *New) {
      if (!New->shouldNullCheckAllocation())
        Found = true;
      return !Found;
    }
    bool VisitCallExpr(CallExpr *Call) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee == nullptr || mayThrow(*Callee, Depth + 1))
        Found = true;
      return !Found;
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
      if (mayThrow(*Construct->getConstructor(), Depth + 1))
        Found = true;
      return !Found;
    }
  } Finder;
  Finder.Depth = Depth;
  Finder.TraverseStmt(Definition->getBody());
  return Finder.Found;
}

} // namespace clang::tidy::conc::analysis
