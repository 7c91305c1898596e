// conc/internal/adaptive_spin.h: how long a blocked thread spins before it
// parks on a futex (Waiter::wait_until, waiter.cpp).
//
// Not public API. Spinning pays only when the partner that will answer is
// running on another core right now: then the answer comes within a
// microsecond or two, far sooner than a futex sleep and wake-up (several
// microseconds and two context switches). When the partner is not running,
// every spin steals the core it needs. So:
//
//   * No spin at all when it cannot pay: the thread may run on one CPU only
//     (its partner, if it shares that CPU, can run only once this thread
//     stops), or the machine has more runnable threads than online CPUs (the
//     partner is likely waiting for a core). The thread then gives its core
//     away (a few sched_yield) and parks.
//   * Otherwise spin for a per-thread budget learned from the thread's recent
//     waits (NextSpinBudget): a wait answered after w ns asks for a budget of
//     about 2w (so that the next similar wait is caught while spinning); a
//     wait that lasted longer than kMaxSpinNs asks for the floor (spinning
//     would have been wasted). The budget moves a quarter of the way to that
//     target each time. The target is computed from the whole wait, parked
//     part included, so the budget recovers after a load spike: once waits
//     are short again, it grows back even though they ended in a park.
//
// Both decisions are pure functions, tested in tests/probes/sync/
// adaptive_spin_test.cpp; the inputs (CPU counts, runnable threads) are read
// by waiter.cpp.
#pragma once

#include <cstdint>

namespace conc::internal {

// Budget bounds, in nanoseconds. The floor keeps a short spin so that a
// running partner is still caught without a syscall; the ceiling is about
// the cost of a futex park plus a wake-up on a loaded machine several times
// over, beyond which spinning never pays.
inline constexpr std::uint32_t kMinSpinNs = 250;
inline constexpr std::uint32_t kInitialSpinNs = 4000;
inline constexpr std::uint32_t kMaxSpinNs = 20000;

// The next spin budget after a wait that lasted `waited_ns` (from the start
// of the wait to its answer, spinning and parking included) with the budget
// `budget_ns`. Always within [kMinSpinNs, kMaxSpinNs].
constexpr std::uint32_t NextSpinBudget(std::uint32_t budget_ns, std::uint64_t waited_ns) noexcept {
  std::uint64_t target = waited_ns > kMaxSpinNs ? kMinSpinNs : 2 * waited_ns;
  if (target < kMinSpinNs) target = kMinSpinNs;
  if (target > kMaxSpinNs) target = kMaxSpinNs;
  std::int64_t current = budget_ns;
  if (current < kMinSpinNs) current = kMinSpinNs;
  if (current > kMaxSpinNs) current = kMaxSpinNs;
  // A quarter of the way, rounded away from `current` so that the budget
  // reaches the target instead of stalling one step short of it.
  std::int64_t step = (static_cast<std::int64_t>(target) - current) / 4;
  if (step == 0 && static_cast<std::int64_t>(target) != current) {
    step = static_cast<std::int64_t>(target) > current ? 1 : -1;
  }
  return static_cast<std::uint32_t>(current + step);
}

// Whether a waiter may spin at all. `thread_cpus`: the CPUs the calling
// thread may run on (its affinity mask); `online_cpus`: the machine's;
// `runnable`: threads runnable on the machine now, the caller included
// (0 when unknown: then only the affinity decides).
constexpr bool SpinCanPay(int thread_cpus, int online_cpus, int runnable) noexcept {
  if (thread_cpus <= 1 || online_cpus <= 1) return false;
  if (runnable > online_cpus) return false;
  return true;
}

// The calling thread's spin statistics since it first blocked (waiter.cpp);
// for tests and benchmarks. `spins` counts CpuRelax iterations.
struct SpinStats {
  std::uint64_t waits = 0;
  std::uint64_t waits_without_spin = 0;
  std::uint64_t spins = 0;
  std::uint32_t budget_ns = 0;
};
SpinStats CurrentThreadSpinStats() noexcept;

}  // namespace conc::internal
