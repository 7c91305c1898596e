//===--- WaitGroupAddInThreadCheck.h - conc-tidy ----------------*- C++ -*-===//
//
// Part of conc. Go's rule: call WaitGroup.Add before the `go` statement.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_WAITGROUPADDINTHREADCHECK_H
#define CONC_CHECKER_CHECKS_WAITGROUPADDINTHREADCHECK_H

#include "analysis/ThreadBodies.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::conc {

/// Flags `add` on a wait group made inside the body of a thread (or group
/// task) when the code that started the thread waits on that group: the
/// wait can see a zero counter and return before the thread has run `add`
/// (staticcheck SA2000).
///
/// For the user-facing documentation see:
/// docs/checks/conc-waitgroup-add-in-thread.md
class WaitGroupAddInThreadCheck : public ClangTidyCheck {
public:
  WaitGroupAddInThreadCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  const std::vector<StringRef> WaitGroupTypes;
  const std::vector<StringRef> AddMethods;
  const std::vector<StringRef> WaitMethods;
  analysis::ThreadStartVocabulary Vocabulary;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_WAITGROUPADDINTHREADCHECK_H
