// What the lock tracker knows at one moment, for the wait-for dump
// (wait_for_dump.cpp): per thread, the locks it holds and the lock it is
// waiting for now; and the threads that exited holding locks.
//
// Defined in lock_tracker.cpp (the tracker's per-thread state is private to
// it). The waiting slot is set by BeforeLock, before the real blocking call,
// and cleared by AfterLock, whether or not the lock was taken; try-locks never
// set it (they do not wait).
//
// Consistency: the snapshot is taken under the tracker's registry lock, but
// each thread writes its own state without that lock. The ids come from the
// published atomics; the rest of an entry is read racily (as FindHolder does)
// and is exact only for threads that are not moving, which is the case the
// dump is for (a process whose threads are all blocked). A thread that is
// still running may show a held set one lock call old.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "lock_report.h"

#pragma GCC visibility push(hidden)
namespace conc::probe::detail::locks {

struct LockHeldView {
  LockRef lock;
  bool write = true;        // false: a read lock of an rwlock
  std::uint32_t count = 1;  // > 1: a recursive lock taken again
  void* pc = nullptr;       // the return address of the lock call that took it
  std::uintptr_t cfa = 0;   // that call's canonical frame address (the caller's stack pointer)
};

struct ThreadLockView {
  ThreadRef thread;
  bool exited = false;  // the thread is gone; `held` is what it held when it exited
  bool waiting = false;
  LockRef waiting_for;
  bool waiting_write = true;
  void* waiting_pc = nullptr;  // the return address of the lock call it is in
  std::vector<LockHeldView> held;
};

// Every thread the tracker has seen make a lock call and that is still
// alive, then up to kMaxExitedHolders threads that exited holding a lock
// (the latest ones). Empty when lock tracking is off.
constexpr int kMaxExitedHolders = 64;
std::vector<ThreadLockView> SnapshotLockState();

}  // namespace conc::probe::detail::locks
#pragma GCC visibility pop
