//===--- LeakedThreadCheck.h - conc-tidy ------------------------*- C++ -*-===//
//
// Part of conc. Go's rule: every goroutine has an owner and a way to stop.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_LEAKEDTHREADCHECK_H
#define CONC_CHECKER_CHECKS_LEAKEDTHREADCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <string>
#include <vector>

namespace clang::tidy::conc {

/// Flags threads that have no owner or no way to stop: detached threads
/// (detach(), pthread_detach, the detached attribute), threads whose body
/// loops forever with no exit and no stop check (a std::jthread whose body
/// takes no std::stop_token hangs in its destructor), and threads started
/// during static initialization.
///
/// For the user-facing documentation see:
/// docs/checks/conc-leaked-thread.md
class LeakedThreadCheck : public ClangTidyCheck {
public:
  LeakedThreadCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkBody(const Expr &Creation, const Expr *Callable, bool IsJThread,
                 StringRef Name, ASTContext &Ctx);

  const std::vector<StringRef> ThreadTypes;
  const bool AllowDetach;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_LEAKEDTHREADCHECK_H
