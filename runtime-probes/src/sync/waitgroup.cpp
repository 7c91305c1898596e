// conc::WaitGroup (conc/waitgroup.h), after Go's sync.WaitGroup.
#include "conc/waitgroup.h"

#include <cstdio>
#include <string>

#include "conc/internal/wait.h"

namespace conc {
namespace {

std::int32_t CounterOf(std::uint64_t state) { return static_cast<std::int32_t>(state >> 32); }
std::uint32_t WaitersOf(std::uint64_t state) { return static_cast<std::uint32_t>(state); }

}  // namespace

void WaitGroup::add(std::int64_t delta) {
  const std::uint64_t step = static_cast<std::uint64_t>(delta) << 32;
  const std::uint64_t before = state_.fetch_add(step, std::memory_order_acq_rel);
  const std::uint64_t after = before + step;
  const std::int32_t counter = CounterOf(after);
  if (counter < 0) {
    // Undo first, so that under kThrow/kLog the group stays usable.
    state_.fetch_sub(step, std::memory_order_acq_rel);
    char detail[96];
    std::snprintf(detail, sizeof detail, "conc::WaitGroup %p: counter %d %+lld",
                  static_cast<void*>(this), CounterOf(before), static_cast<long long>(delta));
    internal::ReportMisuse(MisuseKind::kNegativeWaitGroupCounter, detail, nullptr, nullptr);
    return;
  }
  const std::uint32_t waiters = WaitersOf(after);
  if (counter != 0 || waiters == 0) return;
  // The counter reached 0 with `waiters` asleep (they cannot leave, so the
  // group is alive until they are released): release exactly them.
  std::lock_guard<std::mutex> lock(mutex_);
  state_.fetch_sub(waiters, std::memory_order_acq_rel);
  released_ += waiters;
  released_cv_.notify_all();
}

void WaitGroup::wait() {
  std::uint64_t state = state_.load(std::memory_order_acquire);
  for (;;) {
    if (CounterOf(state) == 0) return;
    if (state_.compare_exchange_weak(state, state + 1, std::memory_order_acq_rel,
                                     std::memory_order_acquire)) {
      break;
    }
  }
  internal::BlockScope blocked({"sync.WaitGroup.Wait", this});
  std::unique_lock<std::mutex> lock(mutex_);
  released_cv_.wait(lock, [this] { return released_ > 0; });
  --released_;
}

bool WaitGroup::wait_until_steady(std::chrono::steady_clock::time_point deadline) {
  std::uint64_t state = state_.load(std::memory_order_acquire);
  for (;;) {
    if (CounterOf(state) == 0) return true;
    if (state_.compare_exchange_weak(state, state + 1, std::memory_order_acq_rel,
                                     std::memory_order_acquire)) {
      break;
    }
  }
  internal::BlockScope blocked({"sync.WaitGroup.Wait", this});
  std::unique_lock<std::mutex> lock(mutex_);
  if (released_cv_.wait_until(lock, deadline, [this] { return released_ > 0; })) {
    --released_;
    return true;
  }
  // Timed out: stop being counted as a sleeper, unless the counter reached 0
  // meanwhile, in which case a release for us is on its way (the add() that
  // reached 0 counted us); take it.
  state = state_.load(std::memory_order_acquire);
  for (;;) {
    if (CounterOf(state) == 0) {
      released_cv_.wait(lock, [this] { return released_ > 0; });
      --released_;
      return true;
    }
    if (state_.compare_exchange_weak(state, state - 1, std::memory_order_acq_rel,
                                     std::memory_order_acquire)) {
      return false;
    }
  }
}

}  // namespace conc
