//===--- FixedConditions.cpp - conc-tidy ----------------------------------===//
//
// Part of conc. Branch conditions whose value the source fixes.
//
//===----------------------------------------------------------------------===//

#include "FixedConditions.h"

#include "AstHelpers.h"

#include "clang/AST/ASTContext.h"

namespace clang::tidy::conc::analysis {
namespace {

std::optional<int64_t> valueOf(const Expr *E, const Stmt &Body,
                               ASTContext &Context, const ParameterValues *Bound,
                               unsigned Depth) {
  if (!E || Depth > 16)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (std::optional<int64_t> Constant = integerConstant(E, Context))
    return Constant;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(Var)) {
      if (Bound == nullptr || Param->getType()->isReferenceType() ||
          Param->getType().isVolatileQualified() || mayBeWrittenIn(&Body, Param))
        return std::nullopt;
      for (const auto &[BoundParam, Value] : *Bound)
        if (BoundParam == Param)
          return Value;
      return std::nullopt;
    }
    if (!Var || !Var->hasLocalStorage() ||
        Var->getType().isVolatileQualified() ||
        Var->getType()->isReferenceType() ||
        !Var->getType()->isIntegralOrEnumerationType() || !Var->getInit())
      return std::nullopt;
    std::optional<int64_t> Initial = integerConstant(Var->getInit(), Context);
    if (!Initial || mayBeWrittenIn(&Body, Var))
      return std::nullopt;
    return Initial;
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    std::optional<int64_t> Operand =
        valueOf(Unary->getSubExpr(), Body, Context, Bound, Depth + 1);
    if (!Operand)
      return std::nullopt;
    switch (Unary->getOpcode()) {
    case UO_LNot: return *Operand == 0;
    case UO_Minus: return -*Operand;
    case UO_Plus: return *Operand;
    default: return std::nullopt;
    }
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    std::optional<int64_t> L = valueOf(Binary->getLHS(), Body, Context, Bound, Depth + 1);
    // `false && x` and `true || x` are fixed whatever x is.
    if (L && Binary->getOpcode() == BO_LAnd && *L == 0)
      return 0;
    if (L && Binary->getOpcode() == BO_LOr && *L != 0)
      return 1;
    std::optional<int64_t> R = valueOf(Binary->getRHS(), Body, Context, Bound, Depth + 1);
    if (!L || !R)
      return std::nullopt;
    switch (Binary->getOpcode()) {
    case BO_LAnd: return *L != 0 && *R != 0;
    case BO_LOr: return *L != 0 || *R != 0;
    case BO_EQ: return *L == *R;
    case BO_NE: return *L != *R;
    case BO_LT: return *L < *R;
    case BO_LE: return *L <= *R;
    case BO_GT: return *L > *R;
    case BO_GE: return *L >= *R;
    default: return std::nullopt;
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<bool> fixedConditionValue(const Expr &Condition,
                                        const Stmt &Body, ASTContext &Context,
                                        const ParameterValues *Bound) {
  if (std::optional<int64_t> Value =
          valueOf(&Condition, Body, Context, Bound, 0))
    return *Value != 0;
  return std::nullopt;
}

std::optional<int64_t> fixedIntegerValue(const Expr &E, const Stmt &Body,
                                         ASTContext &Context,
                                         const ParameterValues *Bound) {
  return valueOf(&E, Body, Context, Bound, 0);
}

} // namespace clang::tidy::conc::analysis
