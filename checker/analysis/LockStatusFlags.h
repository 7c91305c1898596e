//===--- LockStatusFlags.h - conc-tidy --------------------------*- C++ -*-===//
//
// Part of conc. Local flags that record whether a lock is held.
//
//===----------------------------------------------------------------------===//
//
//   int locked = 0;
//   pthread_mutex_lock(&m);   locked = 1;
//   if (err) goto Exit;
//   pthread_mutex_unlock(&m); locked = 0;
//   Exit: if (locked) pthread_mutex_unlock(&m);
//
// (h2o's h2o_read_command, librdkafka's rd_kafka_q_pop_serve0). The flow
// joins the paths at `Exit`, so without the flag it pairs "m held" (the
// goto) with "locked is 0" (the other path): a lock held on a way out and a
// second unlock that no execution can reach.
//
// This file finds the flags and reads their writes and tests; it decides
// nothing about paths. Whether a flag is in step with its lock is decided
// by the lock flow (LockFlow.cpp) on the CFG, path by path: a write of a
// non-zero constant puts the flag in step on the paths where the lock is
// held (of zero, where it is not), any change of the lock takes it out of
// step, and a flag out of step remembers the lock states of those paths.
// A test of the flag then rules out, on each edge, the lock states that
// only the paths in step could have had: `if (locked)` false drops "held"
// unless some path out of step may hold it. Nothing here depends on names.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_LOCKSTATUSFLAGS_H
#define CONC_CHECKER_ANALYSIS_LOCKSTATUSFLAGS_H

#include "analysis/TrackedObjectFlow.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::conc::analysis {

class LockPointers;
struct LockVocabulary;

/// A local that may record whether Lock is held.
struct LockStatusFlag {
  const VarDecl *Flag = nullptr;
  /// The lock it follows: the one whose blocking acquisition a write of a
  /// non-zero constant to the flag directly follows.
  TrackedObject Lock;
  /// The one non-zero value the flag is ever given, when it is given one
  /// only (so that `flag != 1` means the flag is zero).
  std::optional<int64_t> OnlyNonZero;
};

/// The status flags of one function body. A candidate is a local of
/// integer, bool or enum type (not static, not volatile, not a reference)
/// that is
///   * written only by plain assignments standing as statements
///     (`flag = v;`), besides its initialisation: no `++`, `+=`, address
///     taken, mutable reference, by-reference capture or assignment inside
///     another expression, so no other function can change it;
///   * set to a non-zero constant directly after (the next statement of a
///     block) a blocking acquisition of one lock, always the same one.
/// Whether its writes keep it in step is the flow's business.
class LockStatusFlags {
public:
  LockStatusFlags() = default;
  /// Lambdas in Body are other functions: their locks are not looked at,
  /// but a lambda that may write a flag disqualifies it.
  LockStatusFlags(const Stmt &Body, const LockVocabulary &Vocab,
                  const LockPointers &Pointers, ASTContext &Context);

  bool empty() const { return Flags.empty(); }
  llvm::ArrayRef<LockStatusFlag> flags() const { return Flags; }
  const LockStatusFlag *find(const VarDecl *Var) const;

  /// A statement that gives a flag a value: `flag = v` or its declaration.
  struct Write {
    const LockStatusFlag *Flag = nullptr;
    /// Whether the value is a non-zero constant; nothing when it is no
    /// constant (or when the declaration has no initialiser).
    std::optional<bool> NonZero;
  };
  std::optional<Write> writeOf(const Stmt &S) const;

  /// A test of a flag: `flag`, `!flag`, `flag == c`, `flag != c` (either
  /// side, c a constant).
  struct Reading {
    const LockStatusFlag *Flag = nullptr;
    /// Whether the flag is non-zero on the edge where the test had the
    /// value asked for.
    bool NonZero = false;
  };
  /// What \p Condition having \p Value says of a flag; nothing when it
  /// tests no flag, or says nothing of it on that edge (`flag == 2` false,
  /// for a flag that may be 1 or 2).
  std::optional<Reading> readingOf(const Expr &Condition, bool Value) const;

private:
  /// Where the values of fixed locals are looked up (FixedConditions.h).
  const Stmt *Body = nullptr;
  ASTContext *Context = nullptr;
  llvm::SmallVector<LockStatusFlag, 2> Flags;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_LOCKSTATUSFLAGS_H
