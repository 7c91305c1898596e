//===--- CvWaitPredicateCheck.h - conc-tidy ---------------------*- C++ -*-===//
//
// Part of conc. Go's rule: a woken waiter re-checks its condition.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_CVWAITPREDICATECHECK_H
#define CONC_CHECKER_CHECKS_CVWAITPREDICATECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <string>
#include <vector>

namespace clang::tidy::conc {

/// Flags waits on a condition variable that take no predicate and are not
/// inside a loop that re-checks a condition: a spurious wake-up (or a
/// notification meant for another waiter) lets the code go on as if the
/// condition held.
///
/// For the user-facing documentation see:
/// docs/checks/conc-cv-wait-predicate.md
class CvWaitPredicateCheck : public ClangTidyCheck {
public:
  CvWaitPredicateCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  const std::vector<StringRef> ConditionVariableTypes;
  const std::vector<StringRef> WaitFunctions;
  /// A wait in a template is matched once per instantiation; report it once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_CVWAITPREDICATECHECK_H
