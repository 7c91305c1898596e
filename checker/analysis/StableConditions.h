//===--- StableConditions.h - conc-tidy -------------------------*- C++ -*-===//
//
// Part of conc. Branch conditions that have the same value every time one
// function tests them, and the same condition seen from a caller.
//
//===----------------------------------------------------------------------===//
//
//   static void lock_cache(cache_t *c)   { if (c->flags & MT) lock(&c->mu); }
//   static void unlock_cache(cache_t *c) { if (c->flags & MT) unlock(&c->mu); }
//   void get(cache_t *c) { lock_cache(c); ...; unlock_cache(c); }
//
// (h2o's cache.c). `c->flags & MT` cannot change inside `get`: nothing
// there or in what it calls writes a `flags` member, and `c` is never
// reassigned. So the paths on which `lock_cache` locked are the paths on
// which `unlock_cache` unlocks. The flow engine keys the states it enters
// under a branch by its condition (a Guard), and drops on a later branch
// the states that only the paths of the opposite value could have; a lock
// summary that depends on such a condition over the callee's parameters is
// keyed, at the call, by the same condition written over the arguments.
//
// A condition is stable in a function when every value it reads is
//   * a constant (an enumerator, a macro's literal, `sizeof`);
//   * a local or parameter the function never writes (mayBeWrittenIn's
//     rules: no assignment, `++`, address, mutable reference or by-reference
//     capture), not volatile, not a reference;
//   * a member (`p->f`, `s.f`, `f_`) of a stable pointer, of `this`, or in
//     C of a stable local struct, when the member is written nowhere in the
//     function nor in any function of this file it may call (to a depth of
//     MaxCallDepth, at most MaxFunctions functions: beyond that, nothing is
//     stable). A function with no body here is taken not to write members
//     of what it is given: that is the one assumption, and the one way a
//     condition called stable may change (another thread may too, but a
//     member read unlocked while another thread writes it is a race).
// combined with unary and binary operators and casts: no calls, no
// assignments, no array elements. Names never matter: two conditions are
// the same when they read the same declarations the same way
// (`(c->flags & MT) != 0` and `c->flags & MT` are one condition; `!x` and
// `x == 0` are its opposite).
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_STABLECONDITIONS_H
#define CONC_CHECKER_ANALYSIS_STABLECONDITIONS_H

#include "analysis/AstHelpers.h"
#include "analysis/TrackedObjectFlow.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <string>

namespace clang::tidy::conc::analysis {

/// A stable condition over a function's parameters, as that function
/// writes it, ready to be written over a caller's arguments: its canonical
/// text reads the parameters as `$0`, `$1`... and `this` as `$this`; and
/// the members it reads, which a caller must not write either.
struct ParameterCondition {
  std::string Text;
  llvm::SmallVector<const FieldDecl *, 2> Fields;
  bool operator==(const ParameterCondition &O) const { return Text == O.Text; }
};

class StableConditions {
public:
  static constexpr unsigned MaxCallDepth = 3;
  static constexpr unsigned MaxFunctions = 64;

  StableConditions(const FunctionDecl &Function, ASTContext &Context);

  /// The guard a branch on \p Condition gives its true edge (its false edge
  /// has the opposite Value); nothing when the condition is not stable.
  std::optional<Guard> guardOf(const Expr &Condition) const;

  /// \p Condition as a condition over the function's parameters, and the
  /// value \p Condition has when that one is true; nothing when it is not
  /// stable or reads a local.
  std::optional<std::pair<ParameterCondition, bool>>
  parameterConditionOf(const Expr &Condition) const;

  /// The guard of \p Condition, a condition of \p Callee over its
  /// parameters, being true, as this function sees it at \p Call (each
  /// parameter stands for its argument, `this` for the object the method is
  /// called on): keyed as this function's own test of it would be, with
  /// Value false when the argument turns it around (`need` given `!x` is
  /// `x` false). Nothing when an argument or a member it reads is not
  /// stable here. \p Here: that key's condition over this function's own
  /// parameters, when it reads nothing else (a wrapper hands it on).
  std::optional<Guard>
  guardAtCall(const ParameterCondition &Condition, const FunctionDecl &Callee,
              const CallExpr &Call,
              std::optional<ParameterCondition> *Here = nullptr) const;

  /// The guard of a condition over this function's own parameters.
  static Guard guardOf(const ParameterCondition &Condition, bool Value);

private:
  /// What reading an expression met besides its text.
  struct Reads {
    bool NonParameter = false; ///< a local
    llvm::SmallVector<const FieldDecl *, 2> Fields;
  };
  /// The canonical text of E, or nothing when E is not stable here.
  std::optional<std::string> canonical(const Expr *E, Reads &R,
                                       unsigned Depth) const;
  std::optional<std::string> canonicalVar(const VarDecl *Var, Reads &R) const;
  /// Strips `!`, `!= 0`, `== 0` from the top, flipping Value.
  const Expr *truthOf(const Expr *Condition, bool &Value) const;
  bool isStableField(const FieldDecl *Field) const;

  const FunctionDecl &Function;
  ASTContext &Context;
  BodyWrites Writes;
  /// The members the functions this one may call write (computed on the
  /// first member a condition reads); Unbounded: too many to look at.
  mutable std::optional<llvm::DenseSet<const FieldDecl *>> CalleeFieldWrites;
  mutable bool Unbounded = false;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_STABLECONDITIONS_H
