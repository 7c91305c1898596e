//===--- LockUnit.h - conc-tidy ---------------------------------*- C++ -*-===//
//
// Part of conc. What a whole translation unit tells about its locks, for
// the questions one function cannot answer alone: which functions run as
// threads, who calls a function and what they hold then, which locks
// anything in the unit may lock, which are recursive by initialisation,
// and what calls do to their callers' locks.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_LOCKUNIT_H
#define CONC_CHECKER_ANALYSIS_LOCKUNIT_H

#include "analysis/LockFlow.h"
#include "analysis/LockSummaries.h"
#include "analysis/RecursiveLocks.h"
#include "analysis/ThreadBodies.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::conc::analysis {

class LockUnit {
public:
  /// Indexes the whole translation unit once.
  LockUnit(ASTContext &AST, const LockVocabulary &Vocab,
           const ThreadStartVocabulary &Threads);

  ASTContext &context() const { return AST; }
  const RecursiveLocks &recursive() const { return Recursive; }
  LockSummaries &summaries() { return Summaries; }

  /// Where Function is started as a thread (pthread_create, a thread
  /// object, an async function), or null when it is not.
  const Expr *threadStart(const FunctionDecl &Function) const;

  /// Whether a caller may hold the global Lock when it calls Function:
  /// unknown callers (none in this unit, or the function's address is
  /// taken) may; a thread body's caller holds nothing; otherwise each call
  /// site is asked, and through a caller that leaves the lock as its own
  /// caller did, that caller's callers (two levels).
  bool callersMayHold(const FunctionDecl &Function, const VarDecl &Lock,
                      unsigned Depth = 0);

  /// Whether anything in this unit may lock Lock: a lock operation on it,
  /// or a use that lets other code reach it (its address stored or passed
  /// to a function of the project).
  bool mayBeLockedInUnit(const VarDecl &Lock) const;

  /// The calls of Function in this unit; nothing known when its address is
  /// taken (it may be called from anywhere).
  std::optional<std::vector<const CallExpr *>>
  callsOf(const FunctionDecl &Function) const;

private:
  struct CallSite {
    const CallExpr *Call;
    const FunctionDecl *Caller;
  };
  ASTContext &AST;
  const LockVocabulary &Vocab;
  RecursiveLocks Recursive;
  LockSummaries Summaries;
  llvm::DenseMap<const FunctionDecl *, std::vector<CallSite>> Callers;
  llvm::DenseSet<const FunctionDecl *> AddressTaken;
  llvm::DenseMap<const FunctionDecl *, const Expr *> ThreadStarts;
  llvm::DenseSet<const VarDecl *> LockedVars, EscapedVars;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_LOCKUNIT_H
