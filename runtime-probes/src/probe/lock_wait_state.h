// What the lock tracker knows at one moment, for a wait-for picture (the
// wait-for dump, wait_for_dump.cpp): per thread, the locks it holds and the
// lock it is waiting for now, each with the return address and frame of its
// lock call; and the threads that exited holding locks.
//
// Defined in lock_tracker.cpp (the tracker's per-thread state is private to
// it). The waiting slot is set by BeforeLock, just before the real blocking
// or timed call, and cleared by AfterLock, just after it, whether or not the
// lock was taken; try-locks never set it (they do not wait). It costs the
// fast path one store before the call and one after: it points at the held
// entry BeforeLock prepares anyway.
//
// Consistency: the snapshot is taken under the tracker's registry mutex, but
// each thread writes its own state without that mutex. Which locks are held
// comes from the published ids; the rest of an entry, and the waiting entry,
// are read as the thread left them (as FindHolder does), exact for threads
// that are not moving, which is the case a wait-for picture is for (a
// process whose threads are all blocked). A thread that is still running
// may show a held set or a wait one lock call old.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "lock_report.h"

#pragma GCC visibility push(hidden)
namespace conc::probe::detail::locks {

// A lock a thread holds or waits for.
struct LockView {
  LockRef lock;
  bool write = true;        // false: a read lock of an rwlock
  std::uint32_t count = 1;  // held: > 1 when taken again by its holder; waited for: 0
  void* pc = nullptr;       // the return address of the lock call
  std::uintptr_t cfa = 0;   // that call's canonical frame address (the caller's stack pointer)
};

struct ThreadLocksView {
  ThreadRef thread;
  bool exited = false;             // gone; `held` is what it held when it exited
  std::optional<LockView> waiting; // the lock it is in a blocking or timed lock call for
  std::vector<LockView> held;      // oldest first
};

// Every live thread the tracker has seen make a lock call, then up to
// kMaxExitedHolders threads that exited holding a lock (the latest ones).
// Empty when lock tracking is off. A copy: no code of the caller runs under
// the tracker's mutex.
constexpr int kMaxExitedHolders = 64;
std::vector<ThreadLocksView> SnapshotLockState();

}  // namespace conc::probe::detail::locks
#pragma GCC visibility pop
