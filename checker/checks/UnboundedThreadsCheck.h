//===--- UnboundedThreadsCheck.h - conc-tidy --------------------*- C++ -*-===//
//
// Part of conc. Go's rule: bound the number of goroutines (a worker pool,
// a semaphore, errgroup.SetLimit), never one per item of the input.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_UNBOUNDEDTHREADSCHECK_H
#define CONC_CHECKER_CHECKS_UNBOUNDEDTHREADSCHECK_H

#include "analysis/ThreadBodies.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Regex.h"

namespace clang::tidy::conc {

/// Flags a thread (or group task) started inside a loop whose trip count
/// comes from the data (a range-for over a container, an iterator loop, a
/// loop that pops a queue) rather than from a bound, when nothing in the
/// loop limits how many run at once (a join, a semaphore, a group limit).
///
/// For the user-facing documentation see:
/// docs/checks/conc-unbounded-threads.md
class UnboundedThreadsCheck : public ClangTidyCheck {
public:
  UnboundedThreadsCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

  /// Why a loop runs as many times as the data says.
  enum class DataDriven { No, Range, Condition, Pops };

private:
  DataDriven classifyLoop(const Stmt *Loop, const Stmt *ThreadBody,
                          ASTContext &Context, const Expr *&Culprit);
  bool isBound(const Expr *E, ASTContext &Context, unsigned Depth = 0);
  bool namesWorkerCount(StringRef Name);
  bool limitsConcurrency(const Stmt *Loop, const analysis::ThreadStart &Start,
                         ASTContext &Context);

  const std::vector<StringRef> BoundFunctions;
  const std::vector<StringRef> QueuePopFunctions;
  const std::vector<StringRef> LimitingFunctions;
  const StringRef WorkerCountPattern;
  llvm::Regex WorkerCountRegex;
  analysis::ThreadStartVocabulary Vocabulary;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_UNBOUNDEDTHREADSCHECK_H
