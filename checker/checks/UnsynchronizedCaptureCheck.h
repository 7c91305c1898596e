//===--- UnsynchronizedCaptureCheck.h - conc-tidy ---------------*- C++ -*-===//
//
// Part of conc. Go's `-race` lesson: a variable shared by goroutines is
// guarded by a mutex or is atomic.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_UNSYNCHRONIZEDCAPTURECHECK_H
#define CONC_CHECKER_CHECKS_UNSYNCHRONIZEDCAPTURECHECK_H

#include "analysis/ThreadBodies.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/MapVector.h"

namespace clang::tidy::conc {

/// Flags a local captured by reference into thread lambdas and written by
/// one thread while another thread (or the same lambda started again, or
/// the spawning code before the join) reads or writes it, when the two
/// accesses hold no common lock and the type is not atomic or internally
/// synchronized.
///
/// For the user-facing documentation see:
/// docs/checks/conc-unsynchronized-capture.md
class UnsynchronizedCaptureCheck : public ClangTidyCheck {
public:
  UnsynchronizedCaptureCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void checkSpawner(const Decl *Spawner, llvm::ArrayRef<analysis::ThreadStart> Starts);
  bool isSynchronizedType(QualType Type) const;
  bool holdsSynchronizedMember(const CXXRecordDecl *Record,
                               unsigned Depth) const;

  const std::vector<StringRef> SynchronizedTypes;
  const std::vector<StringRef> LockGuardTypes;
  analysis::ThreadStartVocabulary Vocabulary;
  ASTContext *Context = nullptr;
  llvm::MapVector<const Decl *, std::vector<analysis::ThreadStart>> StartsBySpawner;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_UNSYNCHRONIZEDCAPTURECHECK_H
