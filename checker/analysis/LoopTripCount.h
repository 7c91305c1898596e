//===--- LoopTripCount.h - conc-tidy ----------------------------*- C++ -*-===//
//
// Part of conc. Loops that run a number of times known from their source:
// `for (int i = 0; i < 1; ++i)` runs exactly once, so it neither "may not
// run" nor "may run twice". The flow engine uses this to drop the paths
// such a loop cannot take.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_LOOPTRIPCOUNT_H
#define CONC_CHECKER_ANALYSIS_LOOPTRIPCOUNT_H

#include "clang/AST/Stmt.h"
#include <optional>

namespace clang {
class ASTContext;
} // namespace clang

namespace clang::tidy::conc::analysis {

/// How many times a loop's body runs, as far as the paths care.
enum class TripCount { Never, Once, TwiceOrMore };

/// The trip count of \p Loop when it is fixed by its source: an integer
/// counter initialised to a constant, compared with a constant (`<`, `<=`,
/// `>`, `>=`, `!=`), stepped by a constant (`++`, `--`, `+=`, `-=`), and
/// written nowhere else (not in the body, not through its address or a
/// reference). Nothing when any of this does not hold; `break`, `return`
/// and `goto` in the body may still leave earlier.
std::optional<TripCount> constantTripCount(const ForStmt &Loop,
                                           ASTContext &Context);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_LOOPTRIPCOUNT_H
