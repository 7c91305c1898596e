//===--- AstHelpers.cpp - conc-tidy ---------------------------------------===//
//
// Part of conc. The small AST questions, in one place.
//
//===----------------------------------------------------------------------===//

#include "AstHelpers.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::conc::analysis {

const Expr *ignoreWrappers(const Expr *E) {
  while (E != nullptr) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Next))
      Next = Cleanups->getSubExpr();
    else if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = Temp->getSubExpr();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = Bind->getSubExpr();
    else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = Cast->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

const Expr *ignoreWrappersAndMoves(const Expr *E) {
  while (E != nullptr) {
    E = ignoreWrappers(E);
    if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Call->getNumArgs() == 1 && Callee->isInStdNamespace() &&
          Callee->getIdentifier() &&
          (Callee->getName() == "move" || Callee->getName() == "forward")) {
        E = Call->getArg(0);
        continue;
      }
    }
    return E;
  }
  return nullptr;
}

bool isQualifiedNameInList(llvm::StringRef QualifiedName,
                           llvm::ArrayRef<llvm::StringRef> Names) {
  QualifiedName.consume_front("::");
  for (llvm::StringRef Name : Names) {
    Name.consume_front("::");
    if (Name == QualifiedName)
      return true;
  }
  return false;
}

bool hasQualifiedNameIn(const NamedDecl *D,
                        llvm::ArrayRef<llvm::StringRef> Names) {
  return D && isQualifiedNameInList(D->getQualifiedNameAsString(), Names);
}

std::string spelledObjectName(const Expr *E) {
  E = ignoreWrappersAndMoves(E);
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(E)) {
    const Expr *Base = ignoreWrappersAndMoves(Member->getBase());
    std::string Name = Member->getMemberDecl()->getNameAsString();
    if (isa_and_nonnull<CXXThisExpr>(Base))
      return Name;
    std::string Outer = spelledObjectName(Base);
    return Outer.empty() ? Name : Outer + "." + Name;
  }
  return {};
}

namespace {

/// Does E, as an lvalue (not read into a value), designate Var?
bool designates(const Expr *E, const VarDecl *Var) {
  while (E) {
    E = E->IgnoreParens();
    const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
    if (!Cast || Cast->getCastKind() == CK_LValueToRValue)
      break;
    E = Cast->getSubExpr();
  }
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref && Ref->getDecl() == Var;
}

bool bindsMutableReference(QualType Param) {
  return Param.isNull() || (Param->isReferenceType() &&
                            !Param.getNonReferenceType().isConstQualified());
}

class WriteFinder : public RecursiveASTVisitor<WriteFinder> {
public:
  explicit WriteFinder(const VarDecl *Var) : Var(Var) {}
  bool VisitBinaryOperator(BinaryOperator *Op) {
    Found |= Op->isAssignmentOp() && designates(Op->getLHS(), Var);
    return !Found;
  }
  bool VisitUnaryOperator(UnaryOperator *Op) {
    Found |= (Op->isIncrementDecrementOp() || Op->getOpcode() == UO_AddrOf) &&
             designates(Op->getSubExpr(), Var);
    return !Found;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    unsigned Shift = isa<CXXOperatorCallExpr>(Call) &&
                             isa_and_nonnull<CXXMethodDecl>(Callee)
                         ? 1
                         : 0;
    for (unsigned I = 0; I < Call->getNumArgs() && !Found; ++I) {
      if (!designates(Call->getArg(I), Var) || I < Shift)
        continue;
      unsigned Param = I - Shift;
      Found |= bindsMutableReference(
          Callee && Param < Callee->getNumParams()
              ? Callee->getParamDecl(Param)->getType()
              : QualType());
    }
    return !Found;
  }
  bool VisitVarDecl(VarDecl *Ref) {
    Found |= Ref->getType()->isReferenceType() &&
             !Ref->getType().getNonReferenceType().isConstQualified() &&
             designates(Ref->getInit(), Var);
    return !Found;
  }
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    for (const LambdaCapture &Capture : Lambda->captures())
      Found |= Capture.capturesVariable() &&
               Capture.getCaptureKind() == LCK_ByRef &&
               Capture.getCapturedVar() == Var;
    return !Found;
  }
  bool Found = false;

private:
  const VarDecl *Var;
};

} // namespace

bool mayBeWrittenIn(const Stmt *S, const VarDecl *Var) {
  if (!S || !Var)
    return false;
  WriteFinder Finder(Var);
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

bool isErrno(const Expr *E, const ASTContext &Context) {
  if (E == nullptr || !E->isGLValue())
    return false;
  SourceLocation Loc = E->getBeginLoc();
  return Loc.isMacroID() &&
         Lexer::getImmediateMacroName(Loc, Context.getSourceManager(),
                                      Context.getLangOpts()) == "errno";
}

} // namespace clang::tidy::conc::analysis
