//===--- MayThrow.h - conc-tidy ---------------------------------*- C++ -*-===//
//
// Part of conc. Whether a call can leave its caller by an exception: the
// question a lock (or any resource) on an exception edge depends on.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_MAYTHROW_H
#define CONC_CHECKER_ANALYSIS_MAYTHROW_H

#include "clang/AST/Decl.h"

namespace clang::tidy::conc::analysis {

/// Whether a call to \p Function may throw. Not only `noexcept` says no: C
/// functions do not throw (glibc leaves cancellation points such as
/// pthread_cond_wait or write without noexcept, but thread cancellation is
/// no error path of the function), and neither does a function of this
/// translation unit whose body throws nothing and calls nothing that may
/// (followed \p Depth levels deep at most, from 0 to 3; deeper is "may").
bool mayThrow(const FunctionDecl &Function, unsigned Depth = 0);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_MAYTHROW_H
