//===--- ThreadTermination.h - conc-tidy ------------------------*- C++ -*-===//
//
// Part of conc. Whether the code a thread runs can ever stop: loops with no
// way out, and bodies that take a std::stop_token.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_THREADTERMINATION_H
#define CONC_CHECKER_ANALYSIS_THREADTERMINATION_H

#include "analysis/ThreadBodies.h"
#include "clang/AST/ASTContext.h"

namespace clang::tidy::conc::analysis {

/// A loop in Body that can never end: its condition is always true and no
/// break, return, throw, goto or call to a [[noreturn]] function leaves it.
/// A body that only forwards to one function (`[this] { run(); }`) is
/// followed into that function.
const Stmt *findEndlessLoop(const ThreadBody &Body, ASTContext &Ctx);

/// Does the lambda or function take a std::stop_token (as std::jthread
/// passes one first)?
bool takesStopToken(const ThreadBody &Body);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_THREADTERMINATION_H
