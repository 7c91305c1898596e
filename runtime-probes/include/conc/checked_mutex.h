// conc/checked_mutex.h: a std::mutex that finds lock-order inversions before
// they deadlock.
//
// CheckedMutex is a drop-in replacement for std::mutex (Lockable: works with
// std::lock_guard, std::unique_lock, std::scoped_lock and
// std::condition_variable_any).
//
// Contract (as for std::mutex and Go's sync.Mutex): an unlock() of a
// CheckedMutex happens before the next lock() (or successful try_lock()) of
// the same CheckedMutex returns, so everything a thread wrote while holding
// it is visible to the next thread that takes it. A try_lock() that fails
// synchronizes with nothing. (tests/probes/sync/happens_before_test.cpp)
//
// Every time a thread takes a CheckedMutex B while it holds a CheckedMutex
// A, the edge A -> B is added to one process-wide lock-order graph, with the
// stack of that acquisition. An
// acquisition that would close a cycle in the graph (A -> B recorded by one
// thread, B -> A now by another, or any longer cycle A -> B -> C -> A) is a
// potential deadlock, and is reported *before* the lock is taken, with the
// stack of every acquisition that formed the cycle: Go's "one global lock
// order" rule (conc-tidy: conc-lock-order), checked at run time even when the
// unlucky interleaving never happens in the test.
//
// It also reports a thread locking a CheckedMutex it already holds (a certain
// self-deadlock) and unlocking one it does not hold.
//
// Reports go through the misuse policy (conc/misuse.h). Under kThrow, lock()
// throws conc::MisuseError and the mutex is NOT taken, so the program can
// carry on; no edge is recorded for that refused acquisition (from any of
// the held locks), since it never happened. Under kLog the lock is taken as
// asked (its edges are recorded, so a cycle is reported once).
//
// Cost: lock()/unlock() of a CheckedMutex taken while no other CheckedMutex is
// held is a std::mutex lock/unlock plus a thread-local push/pop. A nested
// acquisition consults a small thread-local cache of edges already known, and
// takes the global graph lock only the first time a thread sees an edge.
// try_lock() never adds edges (it cannot deadlock), which is why
// std::scoped_lock(a, b) in any order is always accepted.
//
// Lock-order checking follows the first 32 CheckedMutexes a thread holds at
// once; locks nested deeper than that still work but add no edges.
//
// Thread-safety annotations: CheckedMutex is a clang capability, so members
// declared `CONC_GUARDED_BY(mutex)` (conc/internal/thread_annotations.h) are
// checked by `clang -Wthread-safety` when locked with lock()/unlock()
// directly. (libstdc++'s std::lock_guard carries no annotations; the
// analysis does not see it take the lock.)
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#include "conc/internal/thread_annotations.h"

namespace conc {

class CONC_CAPABILITY("mutex") CheckedMutex {
 public:
  // An unnamed mutex: reports show its address.
  CheckedMutex() noexcept;
  // `name` (a string literal or other static string) appears in reports.
  explicit CheckedMutex(const char* name) noexcept;
  // Must not be held by any thread. Its edges leave the lock-order graph.
  ~CheckedMutex();
  CheckedMutex(const CheckedMutex&) = delete;  // go vet's copylocks
  CheckedMutex& operator=(const CheckedMutex&) = delete;

  // Blocks until the calling thread holds the mutex. Before blocking, records
  // the edge from every CheckedMutex this thread holds to this one, and
  // reports (conc/misuse.h) an edge that closes a cycle, or a mutex this
  // thread already holds; under MisusePolicy::kThrow it then throws without
  // taking the lock.
  void lock() CONC_ACQUIRE();
  // Takes the mutex if it is free and returns true; returns false at once
  // otherwise. Adds no lock-order edge (it cannot deadlock).
  bool try_lock() CONC_TRY_ACQUIRE(true);
  // Releases a mutex the calling thread holds; unlocking one it does not hold
  // is reported as misuse.
  void unlock() CONC_RELEASE();

  // The name given at construction, or nullptr.
  const char* name() const noexcept { return name_; }
  // A process-unique id, stable for the mutex's lifetime (used in reports).
  std::uint64_t id() const noexcept { return id_; }

 private:
  friend struct CheckedMutexAccess;
  std::mutex mutex_;
  const std::uint64_t id_;
  const char* const name_;
  std::atomic<bool> in_graph_{false};  // has edges in the lock-order graph
};

}  // namespace conc
