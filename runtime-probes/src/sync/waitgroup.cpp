// conc::WaitGroup (conc/waitgroup.h), after Go's sync.WaitGroup.
//
// The counter and the number of sleeping waiters share one atomic word, so
// that add() and done() are one compare-and-swap while nobody sleeps. Every
// step that involves sleepers is made under mutex_: a waiter registers
// itself (waiters + 1) and reads the round it belongs to under it, and the
// add() that brings the counter to 0 with sleepers resets the word to 0 and
// starts the next round under it. So a waiter belongs to exactly one round:
// a wait() that registers after a release (the group reused at once) waits
// for the next one, and two add()s can never release the same sleepers.
#include "conc/waitgroup.h"

#include <cstdio>
#include <string>

#include "conc/internal/test_hooks.h"
#include "conc/internal/wait.h"

namespace conc {
namespace {

std::int64_t CounterOf(std::uint64_t state) { return static_cast<std::int32_t>(state >> 32); }
std::uint32_t WaitersOf(std::uint64_t state) { return static_cast<std::uint32_t>(state); }
std::uint64_t StateOf(std::int64_t counter, std::uint32_t waiters) {
  return (static_cast<std::uint64_t>(counter) << 32) | waiters;
}

}  // namespace

void WaitGroup::add(std::int64_t delta) {
  std::uint64_t state = state_.load(std::memory_order_acquire);
  // Fast path: no sleeper to release. A counter that would go negative is
  // never stored, so a concurrent done() never sees one.
  for (;;) {
    const std::int64_t counter = CounterOf(state) + delta;
    if (counter < 0) return report_negative(CounterOf(state), delta);
    if (counter == 0 && WaitersOf(state) != 0) break;
    if (state_.compare_exchange_weak(state, StateOf(counter, WaitersOf(state)),
                                     std::memory_order_acq_rel, std::memory_order_acquire)) {
      return;
    }
  }
  internal::test_hooks::Reach(internal::test_hooks::Point::kWaitGroupReleasing, this);
  std::int64_t refused_from = -1;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    state = state_.load(std::memory_order_acquire);
    for (;;) {
      const std::int64_t counter = CounterOf(state) + delta;
      if (counter < 0) {
        refused_from = CounterOf(state);
        break;
      }
      const bool release = counter == 0 && WaitersOf(state) != 0;
      if (state_.compare_exchange_weak(state, release ? 0 : StateOf(counter, WaitersOf(state)),
                                       std::memory_order_acq_rel, std::memory_order_acquire)) {
        if (release) {
          // The sleepers cannot leave before this lock is released, so the
          // group is alive until then; after it, this thread touches
          // nothing of the group.
          ++round_;
          released_cv_.notify_all();
        }
        break;
      }
    }
  }
  if (refused_from >= 0) report_negative(refused_from, delta);
}

void WaitGroup::report_negative(std::int64_t counter, std::int64_t delta) {
  internal::test_hooks::Reach(internal::test_hooks::Point::kWaitGroupNegative, this);
  char detail[96];
  std::snprintf(detail, sizeof detail, "conc::WaitGroup %p: counter %lld %+lld",
                static_cast<void*>(this), static_cast<long long>(counter),
                static_cast<long long>(delta));
  internal::ReportMisuse(MisuseKind::kNegativeWaitGroupCounter, detail, nullptr, nullptr);
}

// Registers the caller as a sleeper of the current round, under mutex_.
// false when the counter is 0 already (nothing to wait for).
bool WaitGroup::register_waiter(std::uint64_t& round) {
  std::uint64_t state = state_.load(std::memory_order_acquire);
  for (;;) {
    if (CounterOf(state) == 0) return false;
    if (state_.compare_exchange_weak(state, state + 1, std::memory_order_acq_rel,
                                     std::memory_order_acquire)) {
      round = round_;
      return true;
    }
  }
}

void WaitGroup::wait() {
  if (CounterOf(state_.load(std::memory_order_acquire)) == 0) return;
  std::unique_lock<std::mutex> lock(mutex_);
  std::uint64_t round = 0;
  if (!register_waiter(round)) return;
  internal::BlockScope blocked({"sync.WaitGroup.Wait", this});
  released_cv_.wait(lock, [&] { return round_ != round; });
}

bool WaitGroup::wait_until_steady(std::chrono::steady_clock::time_point deadline) {
  if (CounterOf(state_.load(std::memory_order_acquire)) == 0) return true;
  std::unique_lock<std::mutex> lock(mutex_);
  std::uint64_t round = 0;
  if (!register_waiter(round)) return true;
  internal::BlockScope blocked({"sync.WaitGroup.Wait", this, /*timed=*/true});
  if (released_cv_.wait_until(lock, deadline, [&] { return round_ != round; })) return true;
  // Timed out, and the lock is held: no release can be under way, so this
  // waiter is still counted. It leaves the count (the low word is >= 1).
  state_.fetch_sub(1, std::memory_order_acq_rel);
  return false;
}

}  // namespace conc
