//===--- MayThrow.h - conc-tidy ---------------------------------*- C++ -*-===//
//
// Part of conc. Whether a call can leave its caller by an exception: the
// question a lock, a thread or any resource on an exception edge depends on.
// Every check and the flow engine ask it here, so that "may throw" means one
// thing everywhere.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_MAYTHROW_H
#define CONC_CHECKER_ANALYSIS_MAYTHROW_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::conc::analysis {

/// Is a call to \p Function treated as not throwing, although its
/// declaration allows it? These calls throw only on a programming error
/// that the checks report elsewhere (joining a thread that is not joinable,
/// unlocking a mutex the thread does not own), so an exception path through
/// them is no path a program takes:
///
///   * methods named `join`, `detach`, `notify_one`, `notify_all`,
///     `unlock`, `unlock_shared` (std::thread, std::jthread, the standard
///     mutexes and condition variables, and any class spelling them the
///     same way: boost::thread, a user mutex);
///   * functions declared `__attribute__((analyzer_noreturn))`: the
///     project says the path ends there (an assertion's failure handler
///     that aborts, as libzmq's `zmq_abort`), and clang's static analyzer
///     ends it there too; `[[noreturn]]` alone is no such promise, as a
///     function that always throws is noreturn as well;
///   * functions named `pthread_*`, and C11's `thrd_join`, `thrd_detach`,
///     `mtx_unlock`, `cnd_signal`, `cnd_broadcast` (C functions do not
///     throw; glibc leaves cancellation points such as `pthread_join`
///     without `noexcept`, but cancellation is no error path).
///
/// This is the one list: the flow engine's exception edges, conc-manual-lock
/// and conc-unjoined-thread all read it through mayThrow().
bool isTreatedAsNonThrowing(const FunctionDecl &Function);

/// Whether a call to \p Function may throw. Not if it is `noexcept`, a C
/// function, on the list of isTreatedAsNonThrowing(), or a function of this
/// translation unit whose body throws nothing and calls nothing that may
/// (followed \p Depth levels deep at most, from 0 to 3; deeper is "may").
bool mayThrow(const FunctionDecl &Function, unsigned Depth = 0);

/// mayThrow() with the answers remembered, for a caller that asks about the
/// same callees many times (the flow engine, once per exception edge per
/// pass). Lives no longer than the AST it was asked about.
class MayThrowCache {
public:
  bool mayThrow(const FunctionDecl &Function);

private:
  llvm::DenseMap<const FunctionDecl *, bool> Known;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_MAYTHROW_H
