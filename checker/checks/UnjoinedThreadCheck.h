//===--- UnjoinedThreadCheck.h - conc-tidy ----------------------*- C++ -*-===//
//
// Part of conc. Go's rule: a goroutine has an owner that waits for it.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_UNJOINEDTHREADCHECK_H
#define CONC_CHECKER_CHECKS_UNJOINEDTHREADCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <string>
#include <vector>

namespace clang::tidy::conc {

namespace analysis {
struct ExitEvent;
}

/// Flags a thread that may be destroyed or assigned to while joinable
/// (std::terminate): a local std::thread on some path (early return,
/// break, an exception from a call made while it runs, reassignment), a
/// container of threads left before its threads are joined, a member the
/// destructor does not join, a pthread_t never joined nor detached.
///
/// For the user-facing documentation see:
/// docs/checks/conc-unjoined-thread.md
class UnjoinedThreadCheck : public ClangTidyCheck {
public:
  UnjoinedThreadCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkFunction(const FunctionDecl &Function, ASTContext &Ctx);
  void checkMembers(const CXXRecordDecl &Record, ASTContext &Ctx);
  void reportLocal(const FunctionDecl &Function,
                   llvm::ArrayRef<const analysis::ExitEvent *> Exits,
                   ASTContext &Ctx);

  const std::vector<StringRef> ThreadTypes;
  const std::vector<StringRef> AutoJoiningTypes;
  /// The thread types whose destructor terminates while joinable.
  const std::vector<StringRef> TerminatingTypes;
  const std::string ThreadOwnersOption;
  const std::vector<StringRef> ThreadOwners;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_UNJOINEDTHREADCHECK_H
