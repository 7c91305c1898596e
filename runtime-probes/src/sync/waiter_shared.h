// Per-thread bookkeeping behind conc::internal::Waiter: the pool, and what
// the deadlock watchdog needs to know about each thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "conc/internal/stacktrace.h"
#include "conc/internal/wait.h"

namespace conc::internal {

struct Waiter::Shared {
  int tid = 0;
  char name[16] = {};
  std::atomic<bool> alive{false};
  // Steady-clock nanoseconds since the thread blocked; 0 while running.
  std::atomic<std::int64_t> blocked_since_ns{0};
  // The current wait has a deadline (BlockSite::timed).
  std::atomic<bool> timed{false};
  // The current wait ends when the Waiter is selected
  // (BlockSite::ends_when_selected).
  std::atomic<bool> ends_when_selected{false};
  // Bumped every time the thread stops being blocked.
  std::atomic<std::uint64_t> progress{0};
  std::mutex site_mutex;  // guards site and stack
  BlockSite site;
  Stack stack;
};

struct WaiterPool {
  static WaiterPool& instance();
  Waiter* acquire();
  void release(Waiter* waiter);

  std::mutex mutex_;
  std::vector<Waiter*> free_;
  std::vector<Waiter*> all_;
};

// Starts the watchdog thread if CONC_DEADLOCK_WATCHDOG asks for it and it is
// not running yet (called when a thread gets its Waiter).
void WatchdogNoteThread() noexcept;
bool WatchdogEnabled() noexcept;

// Some context deadline is armed or firing (the timer thread will wake, or is
// waking, its waiters), or the timer thread cancelled a context less than
// `limit_ns` ago (waiters it woke through a condition variable may not have
// run yet): either way there is no deadlock.
// context.cpp; lock-free, read by the watchdog; times in steady_clock ns.
bool TimersKeepWaitersAlive(std::int64_t now_ns, std::int64_t limit_ns) noexcept;

}  // namespace conc::internal
