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
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <utility>

namespace clang {
class ASTContext;
} // namespace clang

namespace clang::tidy::conc::analysis {

/// Values a flow assumes for some parameters of the function it runs over:
/// a callee's summary learned for one call that passes constants
/// (`unlink(q, /*locked=*/0)`, `fwd_get(q, do_lock)` with `do_lock` bound
/// in turn). A parameter written in the body is never assumed.
using ParameterValues =
    llvm::SmallVector<std::pair<const ParmVarDecl *, int64_t>, 2>;

/// The value \p Condition always has in the function whose body is \p Body,
/// when the source fixes it: constants, and local variables of integer,
/// bool or enum type (not volatile, not static) initialised with a constant
/// and written nowhere in the body (no assignment, `++`, address, mutable
/// reference, by-reference capture), combined with `!`, comparisons, `&&`
/// and `||`; parameters only when \p Bound gives their value. Nothing
/// otherwise: other parameters, globals, calls and anything another thread
/// or function could change are never assumed.
std::optional<bool> fixedConditionValue(const Expr &Condition,
                                        const Stmt &Body, ASTContext &Context,
                                        const ParameterValues *Bound = nullptr);

/// The integer value \p E always has in the function whose body is \p Body,
/// by the same rules (an argument at a call: `0`, `RD_DONT_LOCK`, a bound
/// parameter handed on).
std::optional<int64_t> fixedIntegerValue(const Expr &E, const Stmt &Body,
                                         ASTContext &Context,
                                         const ParameterValues *Bound = nullptr);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_FIXEDCONDITIONS_H
