//===--- DanglingCaptureCheck.h - conc-tidy ---------------------*- C++ -*-===//
//
// Part of conc. Go's loop-variable capture, made worse by C++ lifetimes: a
// thread must not use a local by reference after its scope has ended.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_DANGLINGCAPTURECHECK_H
#define CONC_CHECKER_CHECKS_DANGLINGCAPTURECHECK_H

#include "analysis/ThreadBodies.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::conc {

/// Flags a thread lambda that captures by reference (explicitly or with
/// `[&]`) a local variable, a loop variable or a by-value parameter, when
/// the thread may still run after that variable's scope ends: the thread is
/// detached, returned, stored in a member or an outer container, joined only
/// after the scope, or owned by a joining object destroyed after the
/// variable.
///
/// For the user-facing documentation see:
/// docs/checks/conc-dangling-capture.md
class DanglingCaptureCheck : public ClangTidyCheck {
public:
  DanglingCaptureCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  analysis::ThreadStartVocabulary Vocabulary;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_DANGLINGCAPTURECHECK_H
