//===--- LockPointers.h - conc-tidy -----------------------------*- C++ -*-===//
//
// Part of conc. What a local pointer to a lock (or to a struct that holds
// one) may point to, so that a lock reached through it is named by what it
// is: `pthread_mutex_t *m = &a; lock(m)` locks `a`; `struct s *q = p;
// lock(&q->mu)` locks `p->mu`; `m = k ? &a : &b` may be either.
//
//===----------------------------------------------------------------------===//
//
// Flow-insensitive, per function: a local pointer whose every value
// (initializer and assignments) is `&x`, `&s.f`, a conditional between
// such values, another such local pointer, or a pointer parameter the
// function never changes (through casts: `pthread_mutex_t *m = arg;` of a
// `void *arg`), points to those objects (for a parameter, what the caller
// handed in, named by the parameter as the flow analysis names `*arg`). A
// pointer given any other value (a call's result, arithmetic) is a root:
// what it points to is named by the pointer itself, as the flow analysis
// does (`p->mu`). A pointer whose address is taken or that a lambda
// captures by reference may change behind our back: a root too.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_LOCKPOINTERS_H
#define CONC_CHECKER_ANALYSIS_LOCKPOINTERS_H

#include "analysis/TrackedObjectFlow.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::conc::analysis {

class LockPointers {
public:
  LockPointers() = default;
  explicit LockPointers(const FunctionDecl &Function);

  /// The object a lock expression names, through a local pointer that can
  /// point to one object only; the pointer itself otherwise.
  std::optional<analysis::TrackedObject> objectOf(const Expr *Lock) const;
  /// Every object a lock expression may name: several for a pointer chosen
  /// among locks.
  llvm::SmallVector<analysis::TrackedObject, 2> mayBe(const Expr *Lock) const;
  /// The objects a pointer variable (as tracked) may point to; empty for a
  /// root or any other object.
  llvm::ArrayRef<analysis::TrackedObject>
  targetsOf(const analysis::TrackedObject &Object) const;

private:
  /// Object (named through a pointer variable) mapped through Target.
  static std::optional<analysis::TrackedObject>
  through(const analysis::TrackedObject &Object,
          const analysis::TrackedObject &Target);
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<analysis::TrackedObject, 2>>
      Targets;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_LOCKPOINTERS_H
