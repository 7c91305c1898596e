//===--- ErrorRecovery.h - conc-tidy ----------------------------*- C++ -*-===//
//
// Part of conc. Code clang could not build is never analysed. When a unit
// has errors, clang recovers and goes on: it marks declarations invalid,
// puts RecoveryExprs where an expression failed, and after a fatal error
// (a missing header, or "too many errors" once -Werror has turned warnings
// into errors) it stops instantiating templates, leaving classes without a
// definition where a definition is expected. clang's CFG builder assumes
// a valid AST: on a destructor whose class has a field of such a type it
// calls hasTrivialDestructor() on a class without definition and crashes
// (issue 21). The flow engine and every check ask here first.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_ERRORRECOVERY_H
#define CONC_CHECKER_ANALYSIS_ERRORRECOVERY_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace clang::tidy::conc::analysis {

/// True when \p Function must not be analysed: it is invalid, it is a member
/// of an invalid class (an invalid field or base), something in it (a
/// parameter, a local, an initializer, an expression of its body) is invalid
/// or holds error recovery, or the unit had a fatal error, after which the
/// AST is incomplete everywhere. Counted in functionsSkippedForErrors().
bool hasErrors(const FunctionDecl &Function, ASTContext &AST);

/// The early-out of a check: true when a node of the match lies in a
/// function that hasErrors(), is an invalid declaration, or the unit had a
/// fatal error.
bool matchHasErrors(const ast_matchers::MatchFinder::MatchResult &Result);

/// Functions skipped so far in this process because of errors (one unit
/// per process in conc-tidy's CI mode, which reports the number).
unsigned functionsSkippedForErrors();

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_ERRORRECOVERY_H
