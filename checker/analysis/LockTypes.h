//===--- LockTypes.h - conc-tidy --------------------------------*- C++ -*-===//
//
// Part of conc. What the lock checks count as a lock: the C lock typedefs,
// the standard mutexes, types named by option, and classes written by users
// that lock and unlock.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_LOCKTYPES_H
#define CONC_CHECKER_ANALYSIS_LOCKTYPES_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::conc::analysis {

/// The C lock objects that must never be copied (POSIX: "only the object
/// itself may be used"; a copy's behaviour is undefined).
inline constexpr char DefaultCLockTypes[] =
    "pthread_mutex_t;pthread_rwlock_t;pthread_spinlock_t;pthread_cond_t;"
    "sem_t;mtx_t;cnd_t";

/// The types whose objects guard other members of a class: a copy
/// constructor must hold the source's one while it reads the source.
inline constexpr char DefaultMutexTypes[] =
    "::std::mutex;::std::recursive_mutex;::std::timed_mutex;"
    "::std::recursive_timed_mutex;::std::shared_mutex;"
    "::std::shared_timed_mutex;pthread_mutex_t;pthread_rwlock_t;"
    "pthread_spinlock_t;mtx_t";

/// The name, from \p Names, under which \p T is a lock: a typedef anywhere in
/// its sugar (pthread_mutex_t is a typedef of an anonymous union) or the
/// class itself. Empty when \p T is none of them.
std::string lockTypeName(QualType T, llvm::ArrayRef<llvm::StringRef> Names);

/// Whether a whole word of a function's name says it locks: `Lock`,
/// `lock_table`, `AcquireSlot`, `TryLock`, `rdlock` (but not `ReadBlock`,
/// `update_clock`, `BlockingPop`, `Unlock`). Words are split at `_`, digits
/// and case changes.
bool namesLocking(llvm::StringRef FunctionName);

/// A class outside system headers with both lock() and unlock() (or Lock()
/// and Unlock()) members: a lock that the user wrote. Never a null lock.
bool isUserLockable(const CXXRecordDecl *Record);

/// A null lock: a class whose lock() (or Lock()) is defined with an empty
/// body, the policy class that code generic over its locking uses when no
/// locking is needed (spdlog's and Boost's null_mutex). Locking it never
/// blocks, so it is no lock: not held, not ordered, not a deadlock.
bool isNullLock(const CXXRecordDecl *Record);
/// Whether \p T (or the class a reference to it names) is a null lock.
bool isNullLockType(QualType T);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_LOCKTYPES_H
