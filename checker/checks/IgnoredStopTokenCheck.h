//===--- IgnoredStopTokenCheck.h - conc-tidy --------------------*- C++ -*-===//
//
// Part of conc. Go's rule: a context.Context is respected and propagated.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_IGNOREDSTOPTOKENCHECK_H
#define CONC_CHECKER_CHECKS_IGNOREDSTOPTOKENCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conc {

/// In a function (or thread lambda) that takes a `std::stop_token` or a
/// `conc::Context`, flags
///  * an open-ended loop that never consults the token,
///  * a blocking call that has an overload taking the token but is called
///    without it (and a `std::condition_variable::wait`, which has none),
///  * a call that passes a fresh token or context (`std::stop_token{}`,
///    `conc::Context::background()`, a defaulted token parameter) instead
///    of the one in scope.
///
/// For the user-facing documentation see:
/// docs/checks/conc-ignored-stop-token.md
class IgnoredStopTokenCheck : public ClangTidyCheck {
public:
  IgnoredStopTokenCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkFunction(const FunctionDecl &Function, ASTContext &Context);
  bool isTokenType(QualType Type) const;

  const std::vector<StringRef> StopTokenTypes;
  const std::vector<StringRef> FreshTokenFunctions;
  const std::vector<StringRef> BlockingRangeTypes;
  llvm::DenseSet<const FunctionDecl *> Checked;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_IGNOREDSTOPTOKENCHECK_H
