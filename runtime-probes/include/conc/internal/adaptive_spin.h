// conc/internal/adaptive_spin.h: whether, and how long, a blocked thread
// spins before it parks on a futex (Waiter::wait_until, waiter.cpp).
//
// Not public API. Spinning pays only when the partner that will answer can
// be running on another core at the same time: then the answer often comes
// within a microsecond or two, far sooner than a futex sleep and wake-up.
//
//   * A thread that may run on one CPU only never spins (SpinCanPay): if its
//     partner shares that CPU, it can run only once this thread stops, so
//     every spin is lost (tests/probes/sync/one_core_test.cpp). It yields a
//     few times, then parks.
//   * Otherwise it spins for kSpinBudgetNs, then yields, then parks.
//
// What was tried and measured, and why it is not here (bench/RESULTS.md,
// "Adaptive spin, measured (issue 19, branch prim2)"): a budget learned from
// the thread's recent waits (about twice the time they took to be answered,
// with several floors and update rules), and no spin at all when the machine
// has more runnable threads than CPUs (/proc/loadavg). On the shared 2-core
// machine at load averages 13-24, every one of those variants made the
// unbuffered handoff about 2x slower than this fixed budget, in alternating
// runs of the same binary: without a spin every handoff pays a futex wake-up
// and a trip through a long run queue; with a longer spin the waiter keeps
// the core its partner needs.
#pragma once

#include <cstdint>

namespace conc::internal {

// How long a waiter spins when spinning can pay. A handoff between two
// running threads takes well under a microsecond; a futex sleep plus
// wake-up several. 20 us was measured worse on a loaded 2-core machine.
inline constexpr std::uint32_t kSpinBudgetNs = 4000;

// Whether a waiter may spin at all. `thread_cpus`: the CPUs the calling
// thread may run on (its affinity mask); `online_cpus`: the machine's.
constexpr bool SpinCanPay(int thread_cpus, int online_cpus) noexcept {
  return thread_cpus > 1 && online_cpus > 1;
}

// The calling thread's spin statistics since it first blocked (waiter.cpp);
// for tests and benchmarks. `spins` counts spin-loop iterations.
struct SpinStats {
  std::uint64_t waits = 0;
  std::uint64_t waits_without_spin = 0;
  std::uint64_t spins = 0;
};
SpinStats CurrentThreadSpinStats() noexcept;

}  // namespace conc::internal
