//===--- ManualLockCheck.h - conc-tidy --------------------------*- C++ -*-===//
//
// Part of conc. Go's rule: `defer mu.Unlock()` right after `mu.Lock()`.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_MANUALLOCKCHECK_H
#define CONC_CHECKER_CHECKS_MANUALLOCKCHECK_H

#include "analysis/LockFlow.h"
#include "analysis/LockUnit.h"
#include "analysis/TrackedObjectFlow.h"
#include "analysis/ThreadBodies.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::conc {

/// Follows the state of every lock along every path of a function (on the
/// shared flow analysis, exception edges included) and flags a lock still
/// held when the function is left, a non-recursive lock locked twice, an
/// unlock of a lock that is not held, and, in C++, a bare lock()/unlock()
/// pair on a standard mutex where a guard would do.
///
/// For the user-facing documentation see: docs/checks/conc-manual-lock.md
class ManualLockCheck : public ClangTidyCheck {
public:
  ManualLockCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// The warning and notes of one finding of analysis::FunctionLocks.
  void tellFinding(const analysis::Finding &F, const FunctionDecl &Function);
  /// Notes at the exits where a lock is still held (the first few), and
  /// at the thread start when the function runs as a thread.
  void noteExits(llvm::ArrayRef<const analysis::ExitEvent *> Normal,
                 llvm::ArrayRef<const analysis::ExitEvent *> Exceptional,
                 llvm::StringRef Name, const FunctionDecl &Function);
  void suggestGuard(const CXXMemberCallExpr &Lock,
                    const analysis::LockOperation &Op,
                    llvm::ArrayRef<analysis::LockOperationSite> Operations,
                    const FunctionDecl &Function, ASTContext &Ctx,
                    DiagnosticBuilder &Diag);

  const analysis::LockVocabulary Vocab;
  const std::vector<StringRef> AcquireFunctions;
  analysis::ThreadStartVocabulary Threads;
  /// A template's body is checked once per instantiation; report once.
  llvm::DenseSet<SourceLocation> Reported;
  /// The translation unit's lock facts, made on first use.
  std::unique_ptr<analysis::LockUnit> Unit;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_MANUALLOCKCHECK_H
