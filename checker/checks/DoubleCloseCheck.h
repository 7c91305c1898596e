//===--- DoubleCloseCheck.h - conc-tidy -------------------------*- C++ -*-===//
//
// Part of conc. Go's rule: a channel is closed once, by its only sender, and
// nothing is sent after the close.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_CHECKS_DOUBLECLOSECHECK_H
#define CONC_CHECKER_CHECKS_DOUBLECLOSECHECK_H

#include "analysis/ThreadBodies.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"

namespace clang::tidy::conc {

/// On one channel object, flags
///  * a close reached when the channel may already be closed on some path
///    (two closes in sequence, in branches that can both run, in a loop,
///    or after a call that closes it),
///  * a send reached when the channel may already be closed,
///  * closes in more than one thread started by the same function (or in a
///    thread started by a loop), and a close by the spawning code as well as
///    by a thread: Go's "only the single sender closes".
/// The path analysis runs on the shared flow analysis
/// (analysis/TrackedObjectFlow.h) with the states Open and Closed.
///
/// For the user-facing documentation see:
/// docs/checks/conc-double-close.md
class DoubleCloseCheck : public ClangTidyCheck {
public:
  DoubleCloseCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  bool isChannel(const Expr *Object) const;
  bool isCloseMethod(StringRef Name) const;
  bool isSendMethod(StringRef Name) const;
  bool isClosedQuery(StringRef Name) const;

private:
  void checkPaths(const FunctionDecl &Function, ASTContext &Context);
  void checkClosers(const Decl *Spawner, llvm::ArrayRef<analysis::ThreadStart> Starts,
                    ASTContext &Context);

  const std::vector<StringRef> ChannelTypes;
  const std::vector<StringRef> CloseMethods;
  const std::vector<StringRef> SendMethods;
  const std::vector<StringRef> ClosedQueries;
  analysis::ThreadStartVocabulary Vocabulary;
  ASTContext *LastContext = nullptr;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  llvm::DenseSet<SourceLocation> Reported;
  llvm::MapVector<const Decl *, std::vector<analysis::ThreadStart>> StartsBySpawner;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_CHECKS_DOUBLECLOSECHECK_H
