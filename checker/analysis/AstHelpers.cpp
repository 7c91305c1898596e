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

/// What E designates as an lvalue (not read into a value): a variable
/// (`v`), or a member of some object (`s.f`, `p->f`, `f_`).
struct Designated {
  const VarDecl *Var = nullptr;
  const FieldDecl *Field = nullptr;
};
Designated designated(const Expr *E) {
  while (E) {
    E = E->IgnoreParens();
    const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
    if (!Cast || Cast->getCastKind() == CK_LValueToRValue)
      break;
    E = Cast->getSubExpr();
  }
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    return {dyn_cast<VarDecl>(Ref->getDecl()), nullptr};
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(E))
    return {nullptr, dyn_cast<FieldDecl>(Member->getMemberDecl())};
  return {};
}

bool bindsMutableReference(QualType Param) {
  return Param.isNull() || (Param->isReferenceType() &&
                            !Param.getNonReferenceType().isConstQualified());
}

/// Every variable and member a statement may write or expose to writes.
/// With a target (Var or Field), stops at its first write.
class WriteFinder : public RecursiveASTVisitor<WriteFinder> {
public:
  WriteFinder(const VarDecl *Var, const FieldDecl *Field)
      : TargetVar(Var), TargetField(Field) {}
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->isAssignmentOp())
      note(Op->getLHS());
    return !Found;
  }
  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Op->isIncrementDecrementOp())
      note(Op->getSubExpr());
    else if (Op->getOpcode() == UO_AddrOf)
      note(Op->getSubExpr(), /*Exposed=*/true);
    return !Found;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
    unsigned Shift = isa<CXXOperatorCallExpr>(Call) && Method ? 1 : 0;
    // `s.f = x` on a class-type member assigns it; `f_.reset()` and other
    // methods that may change the object they are called on expose it.
    if (Shift == 1 && Call->getNumArgs() > 0 && !Method->isConst()) {
      const auto *Operator = cast<CXXOperatorCallExpr>(Call);
      note(Call->getArg(0), /*Exposed=*/!Operator->isAssignmentOp());
    }
    if (const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Call))
      if (Method && !Method->isConst() && !isa<CXXDestructorDecl>(Method))
        note(MemberCall->getImplicitObjectArgument(), /*Exposed=*/true);
    for (unsigned I = Shift; I < Call->getNumArgs() && !Found; ++I) {
      unsigned Param = I - Shift;
      if (bindsMutableReference(Callee && Param < Callee->getNumParams()
                                    ? Callee->getParamDecl(Param)->getType()
                                    : QualType()))
        note(Call->getArg(I), /*Exposed=*/true);
    }
    return !Found;
  }
  bool VisitVarDecl(VarDecl *Ref) {
    if (Ref->getType()->isReferenceType() &&
        !Ref->getType().getNonReferenceType().isConstQualified())
      note(Ref->getInit(), /*Exposed=*/true);
    return !Found;
  }
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar())) {
          Writes.Exposed.insert(Var);
          Found |= Var == TargetVar;
        }
    return !Found;
  }

  bool Found = false;
  BodyWrites Writes;

private:
  void note(const Expr *E, bool Exposed = false) {
    if (E == nullptr)
      return;
    Designated D = designated(E);
    if (D.Var) {
      (Exposed ? Writes.Exposed : Writes.Vars).insert(D.Var);
      Found |= D.Var == TargetVar;
    }
    if (D.Field) {
      Writes.Fields.insert(D.Field);
      Found |= D.Field == TargetField;
    }
  }
  const VarDecl *TargetVar;
  const FieldDecl *TargetField;
};

} // namespace

bool mayBeWrittenIn(const Stmt *S, const VarDecl *Var) {
  if (!S || !Var)
    return false;
  WriteFinder Finder(Var, nullptr);
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

BodyWrites writesIn(const Stmt *S) {
  WriteFinder Finder(nullptr, nullptr);
  if (S)
    Finder.TraverseStmt(const_cast<Stmt *>(S));
  return std::move(Finder.Writes);
}

std::optional<int64_t> integerConstant(const Expr *E,
                                       const ASTContext &Context) {
  Expr::EvalResult Result;
  if (!E || E->isValueDependent() || E->isTypeDependent() ||
      !E->getType()->isIntegralOrEnumerationType() ||
      !E->EvaluateAsInt(Result, Context) ||
      Result.Val.getInt().getSignificantBits() > 62)
    return std::nullopt;
  return Result.Val.getInt().getExtValue();
}

bool isGlobalCallTo(const CallExpr &Call, llvm::StringRef Name) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && Callee->getIdentifier() && Callee->getName() == Name &&
         Callee->getDeclContext()->getRedeclContext()->isTranslationUnit();
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
