//===--- CompletionFlags.cpp - conc-tidy ----------------------------------===//
//
// Part of conc. Member flags that record that a method already ran.
//
//===----------------------------------------------------------------------===//

#include "CompletionFlags.h"
#include "ThreadBodies.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::conc::analysis {
namespace {

/// bool, or std::atomic<bool>.
bool isFlagType(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  if (T->isBooleanType())
    return true;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier() ||
      Spec->getName() != "atomic" || Spec->getTemplateArgs().size() != 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  return Spec->getTemplateArgs()[0].getAsType()->isBooleanType();
}

/// `flag` or `this->flag` for a flag member of `*this`.
const FieldDecl *memberFlag(const Expr *E) {
  const auto *Member = dyn_cast_or_null<MemberExpr>(ignoreWrappers(E));
  if (!Member || !isa<CXXThisExpr>(ignoreWrappers(Member->getBase())))
    return nullptr;
  const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
  return Field && isFlagType(Field->getType()) ? Field : nullptr;
}

std::optional<bool> boolConstant(const Expr *E) {
  E = ignoreWrappers(E);
  if (const auto *Bool = dyn_cast_or_null<CXXBoolLiteralExpr>(E))
    return Bool->getValue();
  if (const auto *Int = dyn_cast_or_null<IntegerLiteral>(E))
    return Int->getValue() != 0;
  return std::nullopt;
}

bool isMethodNamed(const CXXMemberCallExpr &Call, StringRef Name) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  return Method && Method->getIdentifier() && Method->getName() == Name;
}

/// A store into a flag member, whatever it stores: the flag and the
/// stored expression.
std::optional<std::pair<const FieldDecl *, const Expr *>>
flagStore(const Stmt &S) {
  if (const auto *Assign = dyn_cast<BinaryOperator>(&S)) {
    if (Assign->isAssignmentOp())
      if (const FieldDecl *Flag = memberFlag(Assign->getLHS()))
        return std::make_pair(Flag, Assign->isCompoundAssignmentOp()
                                        ? nullptr
                                        : Assign->getRHS());
    return std::nullopt;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&S)) {
    if (Op->isAssignmentOp() && Op->getNumArgs() == 2)
      if (const FieldDecl *Flag = memberFlag(Op->getArg(0)))
        return std::make_pair(Flag, Op->getOperator() == OO_Equal
                                        ? Op->getArg(1)
                                        : nullptr);
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(&S)) {
    if ((isMethodNamed(*Call, "store") || isMethodNamed(*Call, "exchange")) &&
        Call->getNumArgs() >= 1)
      if (const FieldDecl *Flag =
              memberFlag(Call->getImplicitObjectArgument()))
        return std::make_pair(Flag, Call->getArg(0));
  }
  return std::nullopt;
}

} // namespace

std::optional<FlagTest> matchFlagTest(const Expr &Condition) {
  const Expr *E = ignoreWrappers(&Condition);
  bool Negated = false;
  while (const auto *Not = dyn_cast_or_null<UnaryOperator>(E)) {
    if (Not->getOpcode() != UO_LNot)
      return std::nullopt;
    Negated = !Negated;
    E = ignoreWrappers(Not->getSubExpr());
  }
  const FieldDecl *Flag = nullptr;
  if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E)) {
    // flag.load(), flag.exchange(v), and `if (flag)` on an atomic (its
    // conversion operator).
    if (isMethodNamed(*Call, "load") || isMethodNamed(*Call, "exchange") ||
        isa_and_nonnull<CXXConversionDecl>(Call->getMethodDecl()))
      Flag = memberFlag(Call->getImplicitObjectArgument());
  } else {
    Flag = memberFlag(E);
  }
  if (!Flag)
    return std::nullopt;
  return FlagTest{Flag, !Negated};
}

std::optional<FlagWrite> matchFlagWrite(const Stmt &S) {
  auto Store = flagStore(S);
  if (!Store || !Store->second)
    return std::nullopt;
  std::optional<bool> Value = boolConstant(Store->second);
  if (!Value)
    return std::nullopt;
  return FlagWrite{Store->first, *Value};
}

FlagWriters collectFlagWriters(const FieldDecl &Flag) {
  FlagWriters Result;
  const auto *Record = dyn_cast<CXXRecordDecl>(Flag.getParent());
  if (!Record)
    return Result;
  struct WriteFinder : RecursiveASTVisitor<WriteFinder> {
    const FieldDecl *Flag;
    unsigned LambdaDepth = 0;
    bool Invalid = false;
    bool Found = false;
    std::optional<bool> Value;
    bool TraverseLambdaExpr(LambdaExpr *Lambda) {
      ++LambdaDepth;
      bool Continue = RecursiveASTVisitor::TraverseLambdaExpr(Lambda);
      --LambdaDepth;
      return Continue;
    }
    bool VisitStmt(Stmt *S) {
      auto Store = flagStore(*S);
      if (!Store || Store->first != Flag)
        return true;
      std::optional<bool> Stored =
          Store->second ? boolConstant(Store->second) : std::nullopt;
      // Set from a lambda (another thread, a callback), or to a value not
      // known here: no telling what the flag means.
      if (LambdaDepth > 0 || !Stored || (Value && *Value != *Stored))
        Invalid = true;
      Value = Stored;
      Found = true;
      return !Invalid;
    }
  };
  bool Invalid = false;
  std::optional<bool> Value;
  for (const CXXMethodDecl *Method : Record->methods()) {
    if (isa<CXXConstructorDecl, CXXDestructorDecl>(Method))
      continue;
    const FunctionDecl *Definition = Method->getDefinition();
    if (!Definition || !Definition->hasBody())
      continue;
    WriteFinder Finder;
    Finder.Flag = &Flag;
    Finder.TraverseStmt(Definition->getBody());
    if (!Finder.Found)
      continue;
    if (Finder.Invalid || (Value && Finder.Value != Value)) {
      Invalid = true;
      break;
    }
    Value = Finder.Value;
    Result.Methods.push_back(Definition);
  }
  if (!Invalid)
    Result.Value = Value;
  return Result;
}

} // namespace clang::tidy::conc::analysis
