//===--- CopiedMutexCheck.h - conc-tidy -------------------------*- C++ -*-===//
//
// Part of conc. Go's rule (go vet copylocks): a lock is never copied.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_COPIEDMUTEXCHECK_H
#define CONC_CHECKER_CHECKS_COPIEDMUTEXCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conc {

/// Flags copies of lock objects: of the C locks (pthread_mutex_t & co.) and
/// of structs and classes that hold one in a member or base, by value
/// parameters, initialization, assignment, return, lambda capture, range-for
/// and memcpy; copies of copyable lock classes that users wrote; and
/// hand-written copy constructors and assignments that read the source's
/// members without holding the source's mutex.
///
/// For the user-facing documentation see: docs/checks/conc-copied-mutex.md
class CopiedMutexCheck : public ClangTidyCheck {
public:
  CopiedMutexCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

  /// Where a copied type keeps its lock: `Path` names the member that is the
  /// lock ("mu", "inner.mu", "Base::mu"; empty when the type is the lock).
  struct HeldLock {
    std::string Path;
    std::string LockType;
    const Decl *Where = nullptr; ///< The member, or the lockable class.
    bool UserLockable = false;
  };

private:
  /// The lock that a member-wise copy of \p T copies along, if any.
  std::optional<HeldLock> findCopiedLock(QualType T);
  std::optional<HeldLock> findCopiedLockInRecord(const RecordDecl *Record);

  void reportCopy(SourceLocation Loc, StringRef Subject, QualType Copied,
                  const HeldLock &Lock, const ASTContext &Ctx);
  void checkCopyingMember(const CXXMethodDecl *Method, ASTContext &Ctx);

  const std::vector<StringRef> LockTypes;
  const std::vector<StringRef> MutexTypes;
  llvm::DenseMap<const RecordDecl *, std::optional<HeldLock>> RecordCache;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_COPIEDMUTEXCHECK_H
