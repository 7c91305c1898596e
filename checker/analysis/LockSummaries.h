//===--- LockSummaries.h - conc-tidy ----------------------------*- C++ -*-===//
//
// Part of conc. What a call to a function of this translation unit does to
// the locks its caller can name: `lock_table()` leaves `table_mu` locked,
// `release(s)` unlocks `s->mu`, `bump()` locks `mu_` (so calling it while
// holding `mu_` deadlocks).
//
//===----------------------------------------------------------------------===//
//
// A summary is learned by running LockFlowClient over the callee with every
// lock the callee can share with its caller in the state AsAtEntry ("as the
// caller left it"): the states at the callee's normal returns are what the
// call leaves behind, and a blocking acquisition reached while a lock is
// still AsAtEntry is one that waits for the caller's own hold. The locks a
// caller can name are globals, members of the object the method is called
// on, what a parameter points or refers to, and a member of that. Callees
// of callees are summarised the same way (up to MaxDepth calls deep), so a
// helper one call deeper counts as the callee itself.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_LOCKSUMMARIES_H
#define CONC_CHECKER_ANALYSIS_LOCKSUMMARIES_H

#include "analysis/LockFlow.h"
#include "analysis/StableConditions.h"
#include "llvm/ADT/DenseMap.h"
#include <map>
#include <optional>
#include <vector>

namespace clang::tidy::conc::analysis {

/// What one call does to one lock.
struct LockEffect {
  /// The lock, as the callee names it.
  analysis::TrackedObject Object;
  /// Its states when the callee returns normally; AsAtEntry: left as it
  /// was on some path.
  analysis::StateSet ExitStates = 0;
  /// A blocking acquisition reached while the lock is still as the caller
  /// left it (in the callee or in a function it calls), or null.
  const Stmt *AcquiresAtEntry = nullptr;
  /// The function that holds that acquisition.
  const FunctionDecl *AcquiresIn = nullptr;
  /// When every normal return returns a constant and the lock's states
  /// differ with it (`return TRUE` after releasing it, `return FALSE`
  /// without): its states when the callee returns zero (false) and when it
  /// returns anything else (true). A caller that tests the result knows
  /// which. Both empty otherwise.
  analysis::StateSet ExitStatesIfZero = 0, ExitStatesIfNonZero = 0;
  bool dependsOnResult() const {
    return ExitStatesIfZero != ExitStatesIfNonZero;
  }
  /// When the lock's states differ with a stable condition over the
  /// callee's parameters (StableConditions.h: `lock_cache(c)` locks only
  /// when `c->flags & MT`): that condition, and the lock's states when the
  /// callee returns with it true and with it false. A caller keys them by
  /// the same condition over its arguments. Nothing and empty otherwise.
  std::optional<analysis::ParameterCondition> Condition;
  analysis::StateSet ExitStatesIfTrue = 0, ExitStatesIfFalse = 0;
  bool dependsOnCondition() const { return Condition.has_value(); }
};

class LockSummaries {
public:
  static constexpr unsigned MaxDepth = 4;
  /// The most conditions a summary tries to split its effects by (each
  /// costs two more runs over the callee).
  static constexpr unsigned MaxSplitCandidates = 3;

  LockSummaries(const LockVocabulary &Vocab, ASTContext &AST,
                const RecursiveLocks *Recursive)
      : Vocab(Vocab), AST(AST), Recursive(Recursive) {}

  /// The effects of a call to Callee on the locks its caller can name;
  /// null when unknown (no body in this file, a system header, recursion,
  /// too deep, no CFG). With \p Call, the effects of that call: a
  /// parameter the callee branches on and the call fixes (a constant
  /// argument, or one of the caller's \p CallerBound parameters handed on;
  /// \p CallerBody is where the caller's locals live) is assumed to have
  /// that value, so `unlink(q, /*locked=*/0)` does not unlock.
  const std::vector<LockEffect> *
  effectsOf(const FunctionDecl &Callee, const CallExpr *Call = nullptr,
            const analysis::ParameterValues *CallerBound = nullptr,
            const Stmt *CallerBody = nullptr);

  /// The lock that the callee's Object is for the caller at Call; nothing
  /// when the caller cannot name it.
  /// (CallerPointers: the caller's local pointers, to name arguments.)
  static std::optional<analysis::TrackedObject>
  atCall(const analysis::TrackedObject &Object, const CallExpr &Call,
         const FunctionDecl &Callee,
         const LockPointers *CallerPointers = nullptr);

  /// The locks that Function's body touches and that its callers can name,
  /// itself or through its callees: what a flow over Function must track
  /// from the entry.
  llvm::SmallVector<analysis::TrackedObject, 4>
  sharedLocks(const FunctionDecl &Function);

private:
  const LockVocabulary &Vocab;
  ASTContext &AST;
  const RecursiveLocks *Recursive;
  /// A lock flow over Definition for its summary: Objects as the caller
  /// left them, Bound parameters fixed.
  void configure(LockFlowClient &Client, const FunctionDecl &Definition,
                 llvm::ArrayRef<analysis::TrackedObject> Objects,
                 const analysis::ParameterValues &Bound);
  /// Learns Definition's effects with Bound parameters fixed.
  std::optional<std::vector<LockEffect>>
  learn(const FunctionDecl &Definition, const analysis::ParameterValues &Bound);
  /// Splits the effects whose lock may end in several states by a stable
  /// condition over Definition's parameters, when one tells them apart.
  void splitByCondition(const FunctionDecl &Definition,
                        const analysis::ParameterValues &Bound,
                        const LockFlowClient &FirstRun,
                        std::vector<LockEffect> &Effects,
                        llvm::ArrayRef<bool> GivenBack);
  /// The parameters Definition branches on, by index.
  const llvm::SmallVector<unsigned, 2> &
  branchParameters(const FunctionDecl &Definition);

  llvm::DenseMap<const FunctionDecl *, std::optional<std::vector<LockEffect>>>
      Learned;
  std::map<std::pair<const FunctionDecl *,
                     std::vector<std::pair<unsigned, int64_t>>>,
           std::optional<std::vector<LockEffect>>>
      LearnedForCall;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<unsigned, 2>>
      BranchParameters;
  llvm::SmallVector<const FunctionDecl *, MaxDepth> InProgress;
};

/// The calls a body makes itself, to a named function (a lambda's calls are
/// the lambda's).
std::vector<const CallExpr *> collectCalls(const Stmt &Body);

/// Whether Function's callers can name Object: a global, a member of the
/// object a method runs on, a parameter's pointee or a member of it.
bool callerCanName(const analysis::TrackedObject &Object,
                   const FunctionDecl &Function);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_LOCKSUMMARIES_H
