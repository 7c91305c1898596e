//===--- MayThrow.cpp - conc-tidy -----------------------------------------===//
//
// Part of conc. Whether a call can leave its caller by an exception.
//
//===----------------------------------------------------------------------===//

#include "MayThrow.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::conc::analysis {

bool isTreatedAsNonThrowing(const FunctionDecl &Function) {
  // Declared to end the path for analyzers (an assertion's failure
  // handler: libzmq's zmq_abort), as clang's own analyzer ends it there.
  if (Function.hasAttr<AnalyzerNoReturnAttr>())
    return true;
  if (!Function.getIdentifier())
    return false;
  StringRef Name = Function.getName();
  if (isa<CXXMethodDecl>(Function)) {
    static constexpr llvm::StringLiteral Methods[] = {
        "join",       "detach", "notify_one",
        "notify_all", "unlock", "unlock_shared"};
    return llvm::is_contained(Methods, Name);
  }
  static constexpr llvm::StringLiteral CThreads[] = {
      "thrd_join", "thrd_detach", "mtx_unlock", "cnd_signal", "cnd_broadcast"};
  return Name.starts_with("pthread_") || llvm::is_contained(CThreads, Name);
}

bool mayThrow(const FunctionDecl &Function, unsigned Depth) {
  if (const auto *Proto = Function.getType()->getAs<FunctionProtoType>();
      Proto && Proto->isNothrow())
    return false;
  if (Function.isExternC() || isTreatedAsNonThrowing(Function))
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

bool MayThrowCache::mayThrow(const FunctionDecl &Function) {
  auto [It, Inserted] = Known.try_emplace(&Function, false);
  if (Inserted)
    It->second = analysis::mayThrow(Function);
  return It->second;
}

} // namespace clang::tidy::conc::analysis
