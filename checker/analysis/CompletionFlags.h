//===--- CompletionFlags.h - conc-tidy --------------------------*- C++ -*-===//
//
// Part of conc. Member flags that record that a method already ran: the
// idempotent stop().
//
//===----------------------------------------------------------------------===//
//
//   void stop() {
//     if (stopped_) return;      // a test of the flag at entry
//     stopped_ = true;           // the flag set on the path that joins
//     for (auto &t : workers_) t.join();
//   }
//   ~Pool() { stop(); }
//
// The early return is taken only after an earlier call set the flag, and
// that call went on to join every thread. This file recognises the flag
// and its tests and writes (a plain bool, or std::atomic<bool> read by
// conversion, load() or exchange()); whether every write is followed by the
// joins is for the client that knows what a join is (ThreadLifetimeClient)
// to verify. Nothing here depends on names.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_COMPLETIONFLAGS_H
#define CONC_CHECKER_ANALYSIS_COMPLETIONFLAGS_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::conc::analysis {

/// A condition that reads a boolean member flag of `*this`: `flag`,
/// `!flag`, `flag.load()`, `flag.exchange(v)`, through any number of `!`.
struct FlagTest {
  const FieldDecl *Flag = nullptr;
  /// The condition is true exactly when the flag held this value before
  /// the test.
  bool TrueWhenFlagIs = true;
};

/// Recognises \p Condition as a test of a member flag.
std::optional<FlagTest> matchFlagTest(const Expr &Condition);

/// A statement that stores a constant in a boolean member flag of `*this`:
/// `flag = true`, `flag.store(true)`, `flag.exchange(true)`.
struct FlagWrite {
  const FieldDecl *Flag = nullptr;
  bool Value = false;
};

/// Recognises \p S as a write of a constant to a member flag.
std::optional<FlagWrite> matchFlagWrite(const Stmt &S);

/// The writes of one flag in the methods of its class, constructors and the
/// destructor aside (they run before any call, or after the last).
struct FlagWriters {
  /// The value every write stores; empty when the writes disagree, when
  /// one is not a constant, or when there is none.
  std::optional<bool> Value;
  /// The methods (definitions) that write it.
  llvm::SmallVector<const FunctionDecl *, 2> Methods;
};

/// Collects the writes of \p Flag in its class's methods defined in this
/// translation unit. A write inside a lambda, or one that stores something
/// other than a constant, makes the flag no completion flag (Value empty).
FlagWriters collectFlagWriters(const FieldDecl &Flag);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_COMPLETIONFLAGS_H
