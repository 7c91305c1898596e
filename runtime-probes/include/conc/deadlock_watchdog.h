// conc/deadlock_watchdog.h: Go's "all goroutines are asleep - deadlock!".
//
// Contract (what synchronizes with what): enable_deadlock_watchdog()
// happens before on_deadlock runs (on the watchdog thread), so the handler
// sees what the enabling thread set up; when disable_deadlock_watchdog()
// returns, the watchdog thread has been joined: on_deadlock is not running
// and will not run again until the next enable. Neither orders anything
// between the threads the watchdog watches.
//
// Opt-in. When enabled, a watchdog thread ("conc-watchdog") looks every
// limit/4 at the threads that have blocked on a conc primitive at least once
// (channel send/receive, select, WaitGroup::wait, ErrGroup::wait, a contended
// CheckedMutex). When *every* one of them has been blocked on conc primitives
// for longer than `limit`, nothing can ever wake them, and it reports, in Go's
// words:
//
//   fatal error: all goroutines are asleep - deadlock!
//
//   thread 4242 "worker" [chan send, 1503 ms]:
//       on 0x7ffd5a1c2e40
//       #0 conc::Channel<int>::send<int>(int&&) at .../channel.h:123
//       ...
//
// then calls on_deadlock with the report (default: print it to stderr and
// exit with status 2, as Go does).
//
// A wait with a deadline (recv_for, send_until, select with after(),
// WaitGroup::wait_for, recv(ctx) with a context that has a deadline,
// RateLimiter::wait) ends by itself, so it is never a deadlock: while any
// thread is in one, or while any context deadline is pending (the timer
// thread will cancel it and wake its waiters), nothing is reported, as Go
// reports nothing while a timer is pending.
//
// A thread that a send, a close or a cancel has released from a channel
// receive or send, a select or a context's done() counts as running from
// that moment, not from when the scheduler gets round to it: on a busy
// machine that can take longer than the limit. (A thread woken from
// WaitGroup::wait, ErrGroup::wait or a CheckedMutex counts as blocked until
// it runs; the limit must cover that delay.)
//
// Limits: threads that never touched a conc primitive (one blocked in
// std::thread::join, or busy computing) are not seen; if every thread that
// *is* seen waits on such a thread for longer than the limit, that is reported
// as a deadlock too. Choose the limit above your longest legitimate wait.
//
// The environment variable CONC_DEADLOCK_WATCHDOG=<milliseconds> enables it
// with the default action, without touching the code (the watchdog thread then
// starts when the first thread blocks, never during static initialization).
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace conc {

struct DeadlockWatchdogOptions {
  std::chrono::milliseconds limit{1000};
  // Called on the watchdog thread with the full report. Empty: print to
  // stderr and std::_Exit(2). After a custom handler returns, the same
  // deadlock is not reported again until some thread makes progress.
  std::function<void(const std::string& report)> on_deadlock;
};

// Both are thread-safe, also against each other; after fork() an enabled
// watchdog runs in the child too (with a thread of its own).
// Starts the watchdog thread, or gives the running one these options.
void enable_deadlock_watchdog(DeadlockWatchdogOptions options = {});
// Stops and joins the watchdog thread. Not from inside on_deadlock (it
// would join its own thread).
void disable_deadlock_watchdog();

}  // namespace conc
