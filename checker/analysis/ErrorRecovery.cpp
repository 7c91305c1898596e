//===--- ErrorRecovery.cpp - conc-tidy ------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "ErrorRecovery.h"
#include "UnitParents.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::conc::analysis {
namespace {

/// The functions skipped in the current unit; cleared when the unit changes
/// (clang-tidy mode may lint several files in one process).
struct SkippedFunctions {
  const ASTContext *Unit = nullptr;
  llvm::DenseSet<const FunctionDecl *> InUnit;
  unsigned Total = 0;

  void add(const FunctionDecl &F, const ASTContext &AST) {
    if (Unit != &AST) {
      Unit = &AST;
      InUnit.clear();
    }
    if (InUnit.insert(F.getCanonicalDecl()).second)
      ++Total;
  }
};

SkippedFunctions &skipped() {
  static SkippedFunctions S;
  return S;
}

/// After a fatal error clang stops instantiating templates: any class
/// template specialization may lack its definition.
bool unitIsUnreliable(const ASTContext &AST) {
  return AST.getDiagnostics().hasFatalErrorOccurred();
}

/// Finds error recovery anywhere in a declaration: invalid declarations,
/// expressions that contain errors (RecoveryExpr, TypoExpr and everything
/// built on them carry the error dependence bit).
class RecoveryFinder : public RecursiveASTVisitor<RecoveryFinder> {
public:
  bool Found = false;
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }
  bool VisitDecl(Decl *D) {
    if (D->isInvalidDecl())
      Found = true;
    return !Found;
  }
  bool VisitExpr(Expr *E) {
    if (E->containsErrors() || isa<RecoveryExpr>(E))
      Found = true;
    return !Found;
  }
  bool VisitCXXRecordDecl(CXXRecordDecl *R) {
    // A local class: its own fields and bases count, as for a member.
    if (R->isInvalidDecl())
      Found = true;
    return !Found;
  }
};

bool functionHasErrors(const FunctionDecl &F) {
  if (F.isInvalidDecl())
    return true;
  // A member of a class with an invalid field or base: its constructors and
  // destructor build and destroy that field (the crash of issue 21).
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&F))
    if (Method->getParent()->isInvalidDecl())
      return true;
  RecoveryFinder Finder;
  Finder.TraverseDecl(const_cast<FunctionDecl *>(&F));
  return Finder.Found;
}

/// The function a matched node lies in, walking up the parents.
const FunctionDecl *enclosingFunction(const DynTypedNode &Node,
                                      ASTContext &AST) {
  DynTypedNode Current = Node;
  for (unsigned Steps = 0; Steps < 512; ++Steps) {
    if (const auto *F = Current.get<FunctionDecl>())
      return F;
    if (const auto *Lambda = Current.get<LambdaExpr>())
      return Lambda->getCallOperator();
    DynTypedNodeList Parents = parentsOf(Current, AST);
    if (Parents.empty())
      return nullptr;
    Current = Parents[0];
  }
  return nullptr;
}

} // namespace

bool hasErrors(const FunctionDecl &Function, ASTContext &AST) {
  // Only units with errors pay for the walk.
  if (!AST.getDiagnostics().hasErrorOccurred())
    return false;
  if (!unitIsUnreliable(AST) && !functionHasErrors(Function))
    return false;
  skipped().add(Function, AST);
  return true;
}

bool matchHasErrors(const ast_matchers::MatchFinder::MatchResult &Result) {
  ASTContext &AST = *Result.Context;
  bool Unreliable = unitIsUnreliable(AST);
  // Only units with errors pay for the walk.
  if (!Unreliable && !AST.getDiagnostics().hasErrorOccurred())
    return false;
  for (const auto &[Id, Node] : Result.Nodes.getMap()) {
    if (const auto *D = Node.get<Decl>(); D && D->isInvalidDecl())
      return true;
    if (const FunctionDecl *F = enclosingFunction(Node, AST)) {
      if (hasErrors(*F, AST))
        return true;
    } else if (Unreliable) {
      return true;
    }
  }
  return false;
}

unsigned functionsSkippedForErrors() { return skipped().Total; }

} // namespace clang::tidy::conc::analysis
