// conc/misuse.h: what happens when a conc primitive is used against its rules.
//
// Go panics on a double close, a close of a nil channel, a send on a closed
// channel or a negative WaitGroup counter, and its runtime dies on a lock-order deadlock only once it
// has happened. conc reports each of these *with the stacks of both sites*
// (the first close and this close; the acquisitions that formed a lock cycle)
// and then applies one process-wide policy:
//
//   MisusePolicy::kAbort  print the report to stderr, then std::abort().
//                         The default: misuse is a bug, like a Go panic.
//   MisusePolicy::kThrow  throw conc::MisuseError (what() is the report).
//                         The operation has not taken effect: a second close
//                         is ignored, the value of a send on a closed channel
//                         is left with the caller, a lock that would close a
//                         cycle is not taken.
//   MisusePolicy::kLog    hand the report to the sink (stderr by default) and
//                         continue as if the operation had been a no-op
//                         (send returns false, close returns), except that a
//                         lock-order inversion still takes the lock.
//
// The environment variable CONC_MISUSE_POLICY=throw|abort|log sets the initial
// policy, so a test binary can be switched without recompiling.
//
// Contract (what synchronizes with what): the policy is a relaxed atomic, so
// set_misuse_policy() orders nothing: a report made at the same time on
// another thread may still apply the old policy; set it before starting the
// threads it is meant for. The sink is guarded by a lock: set_misuse_sink()
// happens before every later report's call of the new sink, and reports
// reach the sink one at a time, each call happening before the next.
//
// Misuse detected inside a noexcept context (CheckedMutex::unlock called from
// a lock_guard destructor) under kThrow terminates, as any throw there would.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace conc {

// Which rule a report is about.
enum class MisuseKind {
  kDoubleClose,               // "close of closed channel"
  kSendOnClosed,              // "send on closed channel"
  kCloseOfNilChannel,         // "close of nil channel": close() of a default Sender
  kNegativeWaitGroupCounter,  // "sync: negative WaitGroup counter"
  kWaitInsideOwnTask,         // wait() on a group from one of its own tasks
  kLockOrderInversion,        // a cycle in the lock-order graph
  kRecursiveLock,             // a thread locks a CheckedMutex it holds
  kUnlockNotHeld,             // unlock of a CheckedMutex this thread does not hold
};

// The Go-style one-line headline of a kind, e.g. "close of closed channel".
const char* to_string(MisuseKind kind) noexcept;

// What a report does (see above).
enum class MisusePolicy { kThrow, kAbort, kLog };

// Sets / reads the process-wide policy (thread-safe; see the contract).
void set_misuse_policy(MisusePolicy policy) noexcept;
MisusePolicy misuse_policy() noexcept;

// Thrown under MisusePolicy::kThrow. what() is the full report, stacks
// included.
class MisuseError : public std::logic_error {
 public:
  MisuseError(MisuseKind kind, const std::string& report)
      : std::logic_error(report), kind_(kind) {}
  // Which rule was broken.
  MisuseKind kind() const noexcept { return kind_; }

 private:
  MisuseKind kind_;
};

// Where kLog reports go. Passing an empty function restores the default
// (stderr). The sink may be called from any thread, one report at a time.
using MisuseSink = std::function<void(MisuseKind kind, const std::string& report)>;
void set_misuse_sink(MisuseSink sink);

// Sets the policy for the lifetime of a scope (tests): restores the old one.
class ScopedMisusePolicy {
 public:
  explicit ScopedMisusePolicy(MisusePolicy policy) noexcept
      : previous_(misuse_policy()) {
    set_misuse_policy(policy);
  }
  ~ScopedMisusePolicy() { set_misuse_policy(previous_); }
  ScopedMisusePolicy(const ScopedMisusePolicy&) = delete;
  ScopedMisusePolicy& operator=(const ScopedMisusePolicy&) = delete;

 private:
  MisusePolicy previous_;
};

}  // namespace conc
