// conc/checked_mutex.h: a std::mutex that finds lock-order inversions before
// they deadlock.
//
// CheckedMutex is a drop-in replacement for std::mutex (Lockable: works with
// std::lock_guard, std::unique_lock, std::scoped_lock and
// std::condition_variable_any). Every time a thread takes a CheckedMutex B
// while it holds a CheckedMutex A, the edge A -> B is added to one
// process-wide lock-order graph, with the stack of that acquisition. An
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
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

namespace conc {

class CheckedMutex {
 public:
  CheckedMutex() noexcept;
  // `name` (a string literal or other static string) appears in reports.
  explicit CheckedMutex(const char* name) noexcept;
  ~CheckedMutex();
  CheckedMutex(const CheckedMutex&) = delete;  // go vet's copylocks
  CheckedMutex& operator=(const CheckedMutex&) = delete;

  void lock();
  bool try_lock();
  void unlock();

  const char* name() const noexcept { return name_; }
  std::uint64_t id() const noexcept { return id_; }

 private:
  friend struct CheckedMutexAccess;
  std::mutex mutex_;
  const std::uint64_t id_;
  const char* const name_;
  std::atomic<bool> in_graph_{false};  // has edges in the lock-order graph
};

}  // namespace conc
