// fork() support for libconc's process-wide services (issue: a child
// inherited a timer service that believed its thread ran, and any internal
// lock another thread held at the fork stayed locked in the child).
//
// Each service registers handlers once, when it is first created. One
// pthread_atfork registration runs them all: the prepare handlers take the
// services' locks in rank order (the order in which they nest: the watchdog
// takes the pool's lock while it holds its own), so that no lock is held by
// another thread at the fork; the parent handlers release them; the child
// handlers repair the state (threads other than the forking one do not exist
// in the child) and release them.
#pragma once

namespace conc::internal {

enum class ForkRank { kLockGraph, kWatchdog, kWaiterPool, kTimers, kMisuseSink, kCount };

struct ForkHandlers {
  void (*prepare)() = nullptr;
  void (*parent)() = nullptr;
  void (*child)() = nullptr;
};

// Idempotent per rank; safe from any thread.
void RegisterForkHandlers(ForkRank rank, ForkHandlers handlers) noexcept;

}  // namespace conc::internal
