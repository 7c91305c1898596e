// fork() support for libconc's process-wide services (issue: a child
// inherited a timer service that believed its thread ran, and any internal
// lock another thread held at the fork stayed locked in the child).
//
// One pthread_atfork registration runs every service's handlers. The
// prepare handlers run in rank order (the order in which the services'
// locks nest: the watchdog takes the pool's lock while it holds its own);
// each creates its service if no thread has yet, then takes its lock, so
// that no lock is held by another thread at the fork. The parent handlers
// release the locks; the child handlers repair the state (threads other
// than the forking one do not exist in the child) and release them.
//
// Why every service is prepared, created or not: a service created lazily
// by another thread after the prepare handlers had looked (and found it
// missing) could take its lock before the fork itself, and the child would
// inherit that lock held by a thread it does not have. A prepare handler
// that creates the service first leaves no such window: a creation under
// way on another thread finishes before the handler takes the new lock.
#pragma once

namespace conc::internal {

struct ForkHandlers {
  void (*prepare)() = nullptr;
  void (*parent)() = nullptr;
  void (*child)() = nullptr;
};

// Each service's handlers, defined in its own file, listed in rank order.
// A prepare handler may create its service (never start a thread); it
// must not take another service's lock, except as the rank order allows.
extern const ForkHandlers kLockGraphForkHandlers;   // checked_mutex.cpp
extern const ForkHandlers kWatchdogForkHandlers;    // watchdog.cpp
extern const ForkHandlers kWaiterPoolForkHandlers;  // waiter.cpp
extern const ForkHandlers kTimersForkHandlers;      // context.cpp
extern const ForkHandlers kMisuseSinkForkHandlers;  // misuse.cpp

// Registers the handlers with pthread_atfork, once. fork.cpp does so when
// the program is loaded; every service also calls it when it is created,
// which links fork.cpp in and covers a service created by another static
// initializer before fork.cpp's ran.
void InstallForkHandlers() noexcept;

}  // namespace conc::internal
