//===--- AstHelpers.h - conc-tidy -------------------------------*- C++ -*-===//
//
// Part of conc. The small AST questions every check and analysis asks, in
// one place: what an expression is under its wrappers, whether a
// declaration's qualified name is in an option's list, how to name an
// expression in a diagnostic, and what encloses a statement.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_ASTHELPERS_H
#define CONC_CHECKER_ANALYSIS_ASTHELPERS_H

#include "analysis/UnitParents.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang::tidy::conc::analysis {

/// Strips parentheses, implicit casts, temporaries, cleanups and functional
/// casts: the expression as written.
const Expr *ignoreWrappers(const Expr *E);

/// ignoreWrappers(), and also `static_cast`, `std::move(x)` and
/// `std::forward<T>(x)`: the object the expression designates.
const Expr *ignoreWrappersAndMoves(const Expr *E);

/// Is \p QualifiedName (`std::mutex`, `::app::Lock`) one of \p Names? Both
/// sides may be written with or without the leading `::`.
bool isQualifiedNameInList(llvm::StringRef QualifiedName,
                           llvm::ArrayRef<llvm::StringRef> Names);

/// Is \p D's qualified name one of \p Names (see isQualifiedNameInList)?
bool hasQualifiedNameIn(const NamedDecl *D,
                        llvm::ArrayRef<llvm::StringRef> Names);

/// How a diagnostic names the object \p E designates: `x`, `m_` for
/// `this->m_`, `s.m` for a member of a variable, looking through wrappers
/// and moves. Empty when it names no variable or member.
std::string spelledObjectName(const Expr *E);

/// May \p S write \p Var, or expose it to writes? An assignment to it, `++`
/// or `--`, its address taken, a non-const reference bound to it (a
/// reference variable, a by-reference parameter, a call to an unknown
/// callee, a lambda capturing it by reference).
bool mayBeWrittenIn(const Stmt *S, const VarDecl *Var);

/// What a statement may write or expose to writes, by the rules of
/// mayBeWrittenIn: the variables, and the members of any object (`s.f`,
/// `p->f`, `f_`; also by a non-const method called on them).
struct BodyWrites {
  /// Written here: assigned (whole), incremented, decremented.
  llvm::DenseSet<const VarDecl *> Vars;
  /// Exposed to writes elsewhere: address taken, bound to a mutable
  /// reference, captured by reference, a non-const method called on it.
  /// For a struct, written only if what receives it writes it.
  llvm::DenseSet<const VarDecl *> Exposed;
  /// Written or exposed, on any object.
  llvm::DenseSet<const FieldDecl *> Fields;
  bool mayWrite(const VarDecl *Var) const {
    return Vars.count(Var) || Exposed.count(Var);
  }
};
BodyWrites writesIn(const Stmt *S);

/// The value of \p E when it is an integer constant the compiler folds
/// (a literal, an enumerator, a macro's literal, `sizeof`, a `const` of
/// constant value), without side effects and within 62 bits; nothing
/// otherwise.
std::optional<int64_t> integerConstant(const Expr *E, const ASTContext &Context);

/// Is \p Call a call to the function \p Name declared at file scope (the C
/// library's `free`, `pthread_mutex_init`), `extern "C"` included?
bool isGlobalCallTo(const CallExpr &Call, llvm::StringRef Name);

/// Is \p E the C library's `errno`, the calling thread's own error number?
/// Known by the macro every C library defines it with (glibc and musl:
/// `(*__errno_location ())`), whatever it expands to.
bool isErrno(const Expr *E, const ASTContext &Context);

/// The nearest ancestor of \p S of type T (a statement or a declaration),
/// or null; the walk stops at the enclosing function.
template <class T>
const T *nearestAncestor(const Stmt &S, ASTContext &Context) {
  DynTypedNode Node = DynTypedNode::create(S);
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    DynTypedNodeList Parents = parentsOf(Node, Context);
    if (Parents.empty())
      return nullptr;
    Node = Parents[0];
    if (const auto *Found = Node.get<T>())
      return Found;
    if (Node.get<FunctionDecl>())
      return nullptr;
  }
  return nullptr;
}

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_ASTHELPERS_H
