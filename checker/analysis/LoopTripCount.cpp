//===--- LoopTripCount.cpp - conc-tidy ------------------------------------===//
//
// Part of conc. Loops that run a number of times known from their source.
//
//===----------------------------------------------------------------------===//

#include "LoopTripCount.h"

#include "AstHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::conc::analysis {
namespace {

const VarDecl *counterOf(const Expr *E) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts()
                                                    : nullptr);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->getType()->isIntegerType() && Var->hasLocalStorage()
             ? Var
             : nullptr;
}

} // namespace

std::optional<TripCount> constantTripCount(const ForStmt &Loop,
                                           ASTContext &Context) {
  // The counter and its first value.
  const VarDecl *Counter = nullptr;
  std::optional<int64_t> Value;
  if (const auto *Decls = dyn_cast_or_null<DeclStmt>(Loop.getInit())) {
    if (!Decls->isSingleDecl())
      return std::nullopt;
    Counter = dyn_cast<VarDecl>(Decls->getSingleDecl());
    if (!Counter || !Counter->getType()->isIntegerType())
      return std::nullopt;
    Value = integerConstant(Counter->getInit(), Context);
  } else if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(Loop.getInit())) {
    if (Assign->getOpcode() != BO_Assign)
      return std::nullopt;
    Counter = counterOf(Assign->getLHS());
    Value = integerConstant(Assign->getRHS(), Context);
  }
  if (!Counter || !Value || Counter->getType().isVolatileQualified())
    return std::nullopt;

  // The comparison, counter on the left.
  const auto *Compare = dyn_cast_or_null<BinaryOperator>(
      Loop.getCond() ? Loop.getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Compare || !Compare->isComparisonOp())
    return std::nullopt;
  BinaryOperatorKind Op = Compare->getOpcode();
  std::optional<int64_t> Bound;
  if (counterOf(Compare->getLHS()) == Counter) {
    Bound = integerConstant(Compare->getRHS(), Context);
  } else if (counterOf(Compare->getRHS()) == Counter) {
    Bound = integerConstant(Compare->getLHS(), Context);
    Op = BinaryOperator::reverseComparisonOp(Op);
  }
  if (!Bound || Op == BO_EQ)
    return std::nullopt;

  // The step.
  int64_t Step = 0;
  const Expr *Inc = Loop.getInc() ? Loop.getInc()->IgnoreParenImpCasts() : nullptr;
  if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(Inc)) {
    if (!Unary->isIncrementDecrementOp() ||
        counterOf(Unary->getSubExpr()) != Counter)
      return std::nullopt;
    Step = Unary->isIncrementOp() ? 1 : -1;
  } else if (const auto *Compound =
                 dyn_cast_or_null<CompoundAssignOperator>(Inc)) {
    std::optional<int64_t> By = integerConstant(Compound->getRHS(), Context);
    if (counterOf(Compound->getLHS()) != Counter || !By ||
        (Compound->getOpcode() != BO_AddAssign &&
         Compound->getOpcode() != BO_SubAssign))
      return std::nullopt;
    Step = Compound->getOpcode() == BO_AddAssign ? *By : -*By;
  }
  if (Step == 0 || mayBeWrittenIn(Loop.getBody(), Counter) ||
      mayBeWrittenIn(Loop.getCond(), Counter))
    return std::nullopt;

  // Run the counter: only "none", "one" and "more" matter.
  auto Holds = [&](int64_t V) {
    switch (Op) {
    case BO_LT: return V < *Bound;
    case BO_LE: return V <= *Bound;
    case BO_GT: return V > *Bound;
    case BO_GE: return V >= *Bound;
    case BO_NE: return V != *Bound;
    default: return false;
    }
  };
  int64_t V = *Value;
  unsigned Runs = 0;
  while (Runs < 2 && Holds(V)) {
    ++Runs;
    V += Step;
  }
  // A `!=` loop that steps over its bound never stops by its condition:
  // more than twice is all that matters.
  return Runs == 0 ? TripCount::Never
         : Runs == 1 ? TripCount::Once
                     : TripCount::TwiceOrMore;
}

} // namespace clang::tidy::conc::analysis
