// conc/internal/test_hooks.h: points inside libconc where a test can stop a
// thread, to force an interleaving that the scheduler produces only rarely.
//
// Not public API. The hook is null in production; each point costs one
// relaxed load of a function pointer, and every point is on a path that is
// already slow (going to sleep, cancelling, reporting misuse, an internal
// lock's slow path). Tests install one hook for the whole process, so they
// must join every thread that may reach a point before removing it.
#pragma once

#include <atomic>

namespace conc::internal::test_hooks {

enum class Point {
  // A thread is about to sleep in a conc primitive (its BlockScope starts).
  // object: what it waits on; what: the site ("chan receive", "select"...).
  kBlocking,
  // Context cancel(): the error is recorded, done() is not closed yet.
  kContextErrorSet,
  // Context cancel(): done() is closed; the context's timer is about to be
  // removed. object: the context's state.
  kContextRemovingTimer,
  // The timer thread has taken a due entry out of its map, before it
  // cancels the context. object: the context's state (may be expired).
  kTimerFired,
  // WaitGroup::add() is about to release the waiters (the counter reaches
  // 0 and some sleep), before it takes the group's lock. object: the group.
  kWaitGroupReleasing,
  // WaitGroup::add() found that the counter would go negative, before the
  // report. object: the WaitGroup.
  kWaitGroupNegative,
  // Unbuffered handoff: the partner has been selected, the value is not yet
  // marked ready. object: the channel.
  kHandoffSelected,
  // A thread's futex sleep in Waiter::park has returned (woken, timed out
  // or spurious); it has not yet published that it runs again, so a
  // partner still sees it as waking. object: its Waiter.
  kWoken,
  // A thread asleep in Waiter::wait_until has found itself selected (a
  // send, a close, a cancel released it) and is about to leave its wait.
  // object: its Waiter.
  kReleased,
  // A thread holds one of libconc's internal locks on a slow path. what:
  // "waiter pool", "timers", "lock graph", "watchdog".
  kInternalLockHeld,
  // disable_deadlock_watchdog(): the thread is taken out, not yet joined.
  kWatchdogStopping,
  // The watchdog thread has looked at every thread once, with its own lock
  // held. what: "deadlock" or "no deadlock" (before any handler runs).
  kWatchdogChecked,
  // The timer thread is about to wait, its lock released while it waits,
  // for the earliest deadline or a new one. object: the timer service.
  kTimerWaiting,
  // fork(): libconc's prepare handlers have created every internal service
  // and hold every internal lock; the process has not forked yet.
  kForkPrepared,
  // libconc is about to allocate on a path that must survive std::bad_alloc
  // (a wait list growing, a new Waiter). A hook may throw std::bad_alloc
  // here to simulate the failure where the sanitizers own operator new.
  kAllocating,
};

using Hook = void (*)(Point point, const void* object, const char* what);

// Defined in libconc (waiter.cpp).
extern std::atomic<Hook> hook;

inline void Reach(Point point, const void* object = nullptr, const char* what = nullptr) {
  if (Hook h = hook.load(std::memory_order_acquire)) h(point, object, what);
}

}  // namespace conc::internal::test_hooks
