//===--- ThreadBodies.h - conc-tidy -----------------------------*- C++ -*-===//
//
// Part of conc. The one thread model of the checks: which types are
// threads, where threads are started, what code they run, and where the
// object that owns them is joined. Every thread-aware check (lifetime,
// leaks, captures, wait groups, unbounded spawning, stop tokens) reads
// threads through it; whether a body can stop is in ThreadTermination.h.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_THREADBODIES_H
#define CONC_CHECKER_ANALYSIS_THREADBODIES_H

#include "analysis/AstHelpers.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conc::analysis {

/// Which types and functions start threads. The defaults know the standard
/// library, POSIX threads and conc's task group; checks extend them through
/// their options (e.g. `boost::thread`, `folly::ThreadPoolExecutor::add`).
struct ThreadStartVocabulary {
  /// Types whose construction with a callable starts a thread.
  std::vector<StringRef> ThreadTypes = {"::std::thread", "::std::jthread"};
  /// Free functions whose call runs a callable on another thread (the
  /// callable is the first argument that is not a launch policy).
  std::vector<StringRef> AsyncFunctions = {"::std::async"};
  /// Types whose method `go` (or `try_go`) runs its argument as a task of
  /// the group.
  std::vector<StringRef> TaskGroupTypes = {"::conc::ErrGroup"};
  /// Types whose destructor joins (no explicit join needed).
  std::vector<StringRef> AutoJoiningTypes = {"::std::jthread",
                                             "::std::future"};
};

/// What a thread runs: a lambda (written in place, or held by a variable
/// that the start names) or a named function.
struct ThreadBody {
  /// The lambda the thread runs.
  const LambdaExpr *Lambda = nullptr;
  /// The named function the thread runs (`std::thread t(work, ...)`,
  /// `&Class::run`, `pthread_create(..., routine, ...)`), as named: its
  /// definition may be elsewhere.
  const FunctionDecl *Function = nullptr;

  /// The code the thread runs, if it is in this translation unit.
  const Stmt *body() const;
  /// The function the thread runs: the lambda's call operator, or Function
  /// (its definition when there is one).
  const FunctionDecl *bodyFunction() const;
};

/// Resolves the callable given to a thread start to what the thread runs,
/// looking through `&`, temporaries, a one-argument construction that wraps
/// the callable (`std::function<void()>(lambda)`) and a local or const
/// variable initialised with a lambda. Empty when it is none of these.
ThreadBody resolveThreadBody(const Expr *Callable);

/// One place that starts a thread (or a task of a group) and what it runs
/// (the ThreadBody of its callable).
struct ThreadStart : ThreadBody {
  enum StartKind {
    ThreadObject, ///< `std::thread t(f, args...)`, `std::jthread{...}`.
    Emplaced,     ///< `threads.emplace_back(f, args...)` on a container of threads.
    Async,        ///< `std::async([launch,] f, args...)`.
    Pthread,      ///< `pthread_create(&tid, attr, f, arg)`.
    GroupTask,    ///< `group.go(f)`.
  };
  StartKind Kind = ThreadObject;
  const Expr *Spawn = nullptr;    ///< The construction or call.
  const Expr *Callable = nullptr; ///< The callable argument, as written.
  /// The arguments the thread passes to its callable (for a member
  /// function, the object first).
  llvm::SmallVector<const Expr *, 4> Arguments;
  /// The thread type's record, when the start constructs one.
  const CXXRecordDecl *ThreadType = nullptr;
};

/// Matches any expression that `classifyThreadStart` recognises: a thread
/// construction with a callable, an emplace of a callable into a container
/// of threads, `std::async`, `pthread_create`, and a group's `go`. Cheap on
/// the nodes that are none of these (node class and argument count first;
/// whether a constructor, callee or container type starts threads is
/// decided once per declaration or type).
ast_matchers::internal::Matcher<Stmt>
threadStartMatcher(const ThreadStartVocabulary &Vocabulary);

/// Registers \p Check for every thread start outside system headers, bound
/// as "start". One matcher per node class (constructions, calls): the match
/// finder then tries them on those nodes only, not on every statement of
/// the unit and of the headers it includes.
void addThreadStartMatchers(ast_matchers::MatchFinder &Finder,
                            const ThreadStartVocabulary &Vocabulary,
                            ast_matchers::MatchFinder::MatchCallback *Check);

/// Recognises `E` as a thread start, or returns nothing.
std::optional<ThreadStart>
classifyThreadStart(const Expr *E, const ThreadStartVocabulary &Vocabulary);

/// The outer entity that a declaration used inside a thread body stands for:
/// a lambda's capture refers to the variable itself; a parameter of a
/// function thread body refers to what the spawn passes for it (through
/// `std::ref`, `&x` and casts). Returns null when it is not known.
const ValueDecl *outerEntity(const ThreadStart &Start, const ValueDecl *Inner);

/// The declaration an argument expression names, looking through `std::ref`,
/// `std::cref`, `&`, `*this->`, casts and temporaries.
const ValueDecl *namedEntity(const Expr *E);

/// Is `Var` captured by reference by `Lambda`, explicitly or by `[&]`?
bool isCapturedByReference(const LambdaExpr &Lambda, const ValueDecl *Var);

/// What keeps a started thread, and so where it can end.
struct ThreadOwner {
  enum OwnerKind {
    Unknown,    ///< Passed somewhere we do not follow.
    Detached,   ///< `.detach()`, `pthread_detach`: never joined.
    JoinedAtOnce, ///< Joined in the same full expression (a discarded
                  ///< `std::async` future, `std::thread(...).join()`).
    Variable,   ///< A local variable of the spawning function.
    Container,  ///< A local container of threads.
    Member,     ///< A data member: the thread outlives the spawning call.
    Returned,   ///< Returned to the caller.
  };
  OwnerKind Kind = Unknown;
  const ValueDecl *Decl = nullptr; ///< The variable, container or member.
  /// Does the owner's destructor join (jthread, async future, a container
  /// of them, a task group whose destructor waits)?
  bool JoinsOnDestruction = false;
  const Expr *DetachCall = nullptr;
};

/// Follows the value a thread start produces to the object that owns it.
ThreadOwner findThreadOwner(const ThreadStart &Start, ASTContext &Context,
                            const ThreadStartVocabulary &Vocabulary);

/// The calls in `Scope` that join the thread(s) of `Owner` (join, get,
/// wait, pthread_join; for a container, those made on its elements),
/// in source order.
llvm::SmallVector<const Expr *, 2> findJoins(const ThreadOwner &Owner,
                                             const Stmt *Scope,
                                             ASTContext &Context);

/// The first call in `Scope` that detaches `Owner`'s thread (`t.detach()`,
/// `pthread_detach(t)`), or null.
const Expr *findDetach(const ThreadOwner &Owner, const Stmt *Scope);

/// The innermost statement that bounds the lifetime of a local variable: its
/// compound statement, the loop that declares it, or the function body for
/// a parameter. Null for variables without automatic storage.
const Stmt *lifetimeScope(const VarDecl *Var, ASTContext &Context);

/// The function (or lambda call operator, or block) whose body holds `S`.
const Decl *enclosingFunction(const Stmt *S, ASTContext &Context);

/// The loops around `S` inside its function, innermost first.
llvm::SmallVector<const Stmt *, 2> enclosingLoops(const Stmt *S,
                                                  ASTContext &Context);

/// Is `Inner` within `Outer` (by source range, in the same file)?
bool isWithin(const Stmt *Inner, const Stmt *Outer, const SourceManager &SM);

/// Does `A` begin before `B` in the translation unit?
bool isBefore(SourceLocation A, SourceLocation B, const SourceManager &SM);

/// The type's record name (after desugaring and looking through references
/// and pointers), e.g. "std::vector", or an empty string.
std::string recordName(QualType Type);

/// Is `Type` (or what it refers or points to) one of `Names`
/// (fully qualified, "::std::thread"), or derived from one?
bool isOneOfTypes(QualType Type, llvm::ArrayRef<StringRef> Names);

/// Is `Type` itself (references and cv-qualifiers aside; not what it points
/// to, not a class derived from one) one of `Names`?
bool isExactlyOneOfTypes(QualType Type, llvm::ArrayRef<StringRef> Names);

/// std::jthread: its destructor requests a stop and joins.
bool isJThreadType(QualType Type);

/// A standard container, std::array or built-in array whose element (or
/// mapped value), at any depth, is exactly one of `ThreadTypes`.
bool isThreadContainerType(QualType Type,
                           llvm::ArrayRef<StringRef> ThreadTypes);

/// pthread_t.
bool isPthreadType(QualType Type);

/// Is `Call` a call to the global function `Name` (pthread_create & co.)?
bool isCallTo(const CallExpr &Call, StringRef Name);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_THREADBODIES_H
