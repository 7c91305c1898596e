//===--- RecursiveLocks.h - conc-tidy ---------------------------*- C++ -*-===//
//
// Part of conc. The locks of a translation unit that are recursive by how
// they are initialised, not by their type: a pthread mutex initialised with
// an attribute whose type was set to PTHREAD_MUTEX_RECURSIVE, or statically
// with PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP, and a C11 mtx_t made with
// mtx_recursive. Such a lock may be locked again by its holder.
//
//===----------------------------------------------------------------------===//
//
// A lock is known by what names it whatever object it belongs to: a
// variable, or a member of a struct (`conn.mu` for every `conn`), like the
// lock-order graph. The attribute is followed through a local, global or
// member variable; the mutex through a helper that initialises its
// parameter (`init_recursive(&s->mu)`), up to two calls deep. An attribute
// type that is not a constant (`recursive ? PTHREAD_MUTEX_RECURSIVE :
// PTHREAD_MUTEX_NORMAL`) may be recursive, so it counts as recursive. A
// lock class the user wrote (lock() and unlock() members: libzmq's mutex_t)
// whose every pthread or C11 mutex member is made recursive, usually in its
// constructor, is recursive too: so is every object of it.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_RECURSIVELOCKS_H
#define CONC_CHECKER_ANALYSIS_RECURSIVELOCKS_H

#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseSet.h"

namespace clang {
class ASTContext;
} // namespace clang

namespace clang::tidy::conc::analysis {

class RecursiveLocks {
public:
  /// Scans the whole translation unit.
  explicit RecursiveLocks(ASTContext &AST);
  /// Whether the lock that Lock names (`&m`, `&s->mu`, `m`) was made
  /// recursive.
  bool contains(const Expr *Lock) const;

  /// What names a lock or an attribute: its variable, or its member.
  static const ValueDecl *keyOf(const Expr *E);

private:
  llvm::DenseSet<const ValueDecl *> Keys;
  /// Lock classes the user wrote whose every lock member is recursive.
  llvm::DenseSet<const CXXRecordDecl *> Classes;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_RECURSIVELOCKS_H
