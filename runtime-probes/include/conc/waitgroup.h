// conc/waitgroup.h: Go's sync.WaitGroup.
//
// A WaitGroup waits for a collection of tasks to finish. The owner calls
// add(n) for the n tasks it is about to start, *before* starting them; each
// task calls done() when it finishes; wait() blocks until the counter is 0.
//
// Contract (what synchronizes with what):
//   * Every done() (and every add()) happens before each wait() it releases
//     returns: everything a task did before its done() is visible to the
//     thread whose wait() returned because the counter reached 0. That holds
//     for a wait() that slept and for one that found the counter at 0.
//   * A wait_for / wait_until that gives up (returns false) synchronizes with
//     nothing; count() is a snapshot.
// (tests/probes/sync/happens_before_test.cpp)
//
//   conc::WaitGroup wg;
//   for (auto& shard : shards) {
//     wg.add(1);                                  // before the thread starts
//     workers.emplace_back([&wg, &shard] { process(shard); wg.done(); });
//   }
//   wg.wait();
//
// Rules:
//   * add() with a positive n must happen before wait() could see the counter
//     at 0: call it in the owner, not inside the started task
//     (conc-tidy: conc-waitgroup-add-in-thread).
//   * The counter must never go negative (more done() than add()): that is
//     misuse ("sync: negative WaitGroup counter"), reported with the stack of
//     the offending call and handled by the policy of conc/misuse.h. The
//     offending add() has no effect: the counter never goes below 0, not even
//     for a moment, so a concurrent done() and the waiters are unaffected.
//   * Reuse is safe at any time (a round, unlike Go, which panics when a
//     group is reused before every wait() has returned): the add() that
//     brings the counter to 0 releases exactly the wait() calls that were
//     sleeping then. A wait() that starts afterwards belongs to the next
//     round: if add() has raised the counter again meanwhile, it waits for
//     the next 0, even if a waiter of the previous round has not left yet.
//   * For a fixed count known up front, std::latch is the simpler tool.
//   * It is safe to destroy a WaitGroup right after wait() returns, even if
//     the last done() is still on its way out.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "conc/internal/deadline.h"

namespace conc {

class WaitGroup {
 public:
  // A counter at 0: wait() returns at once.
  WaitGroup() = default;
  WaitGroup(const WaitGroup&) = delete;  // go vet's copylocks
  WaitGroup& operator=(const WaitGroup&) = delete;

  // Adds `delta` (may be negative) to the counter; wakes the waiters when it
  // reaches 0. The counter must stay within 32 bits. A counter that would go
  // negative is misuse (see above) and is left unchanged.
  void add(std::int64_t delta = 1);
  // add(-1): one task finished.
  void done() { add(-1); }

  // Blocks until the counter is 0.
  void wait();
  // Like wait(), but gives up after `timeout`; true when the counter reached 0.
  // Any duration or time point: hours::max() or time_point::max() wait for
  // ever (in effect), a negative one or a past one gives up at once.
  // wait_until: the same with a time point of any clock.
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) {
    return wait_until_steady(internal::SaturatedDeadlineAfter(timeout));
  }
  template <class C, class D>
  bool wait_until(std::chrono::time_point<C, D> deadline) {
    return wait_until_steady(internal::SaturatedDeadline(deadline));
  }

  // The current counter (for tests and diagnostics; racy by nature).
  std::int64_t count() const noexcept {
    return static_cast<std::int32_t>(state_.load(std::memory_order_acquire) >> 32);
  }

 private:
  bool wait_until_steady(std::chrono::steady_clock::time_point deadline);
  bool register_waiter(std::uint64_t& round);
  [[gnu::cold]] void report_negative(std::int64_t counter, std::int64_t delta);

  // The counter (high 32 bits, signed, never negative) and the number of
  // sleeping waiters (low 32 bits) in one word, as in Go. See waitgroup.cpp.
  std::atomic<std::uint64_t> state_{0};
  std::mutex mutex_;
  std::condition_variable released_cv_;
  std::uint64_t round_ = 0;  // releases so far; guarded by mutex_
};

}  // namespace conc
