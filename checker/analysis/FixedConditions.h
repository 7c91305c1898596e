//===--- FixedConditions.h - conc-tidy --------------------------*- C++ -*-===//
//
// Part of conc. Branch conditions whose value the source fixes although they
// are no constant expressions: `bool flag = false; ... if (flag)` tests a
// local that nothing writes after its constant initialisation. The flow
// engine drops the edge such a condition never takes, so a lock taken only
// under `if (flag)` is not "locked again on some path".
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_FIXEDCONDITIONS_H
#define CONC_CHECKER_ANALYSIS_FIXEDCONDITIONS_H

#include "clang/AST/Expr.h"
#include <optional>

namespace clang {
class ASTContext;
} // namespace clang

namespace clang::tidy::conc::analysis {

/// The value \p Condition always has in the function whose body is \p Body,
/// when the source fixes it: constants, and local variables of integer,
/// bool or enum type (not volatile, not static) initialised with a constant
/// and written nowhere in the body (no assignment, `++`, address, mutable
/// reference, by-reference capture), combined with `!`, comparisons, `&&`
/// and `||`. Nothing otherwise: parameters, globals, calls and anything
/// another thread or function could change are never assumed.
std::optional<bool> fixedConditionValue(const Expr &Condition,
                                        const Stmt &Body,
                                        ASTContext &Context);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_FIXEDCONDITIONS_H
