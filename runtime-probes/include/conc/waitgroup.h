// conc/waitgroup.h: Go's sync.WaitGroup.
//
// A WaitGroup waits for a collection of tasks to finish. The owner calls
// add(n) for the n tasks it is about to start, *before* starting them; each
// task calls done() when it finishes; wait() blocks until the counter is 0.
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
//     the offending call and handled by the policy of conc/misuse.h; under
//     kLog the counter is clamped at 0.
//   * A WaitGroup may be reused once wait() has returned.
//   * For a fixed count known up front, std::latch is the simpler tool.
//   * It is safe to destroy a WaitGroup right after wait() returns, even if
//     the last done() is still on its way out.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace conc {

class WaitGroup {
 public:
  WaitGroup() = default;
  WaitGroup(const WaitGroup&) = delete;  // go vet's copylocks
  WaitGroup& operator=(const WaitGroup&) = delete;

  // Adds `delta` (may be negative) to the counter; wakes the waiters when it
  // reaches 0.
  void add(std::int64_t delta = 1);
  void done() { add(-1); }

  // Blocks until the counter is 0.
  void wait();
  // Like wait(), but gives up after `timeout`; true when the counter reached 0.
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) {
    return wait_until_steady(std::chrono::steady_clock::now() +
                             std::chrono::ceil<std::chrono::steady_clock::duration>(timeout));
  }
  template <class C, class D>
  bool wait_until(std::chrono::time_point<C, D> deadline) {
    return wait_for(deadline - C::now());
  }

  // The current counter (for tests and diagnostics; racy by nature).
  std::int64_t count() const noexcept { return counter_.load(std::memory_order_acquire); }

 private:
  bool wait_until_steady(std::chrono::steady_clock::time_point deadline);

  std::atomic<std::int64_t> counter_{0};
  std::atomic<std::int32_t> sleepers_{0};
  std::mutex mutex_;
  std::condition_variable zero_;
};

}  // namespace conc
