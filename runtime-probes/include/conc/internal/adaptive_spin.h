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
//   * A waiter that knows its partner (the unbuffered channels: the last
//     thread on the other side) follows PlanWait below: no spin while the
//     partner is asleep or sits on this CPU, a long spin while it is waking.
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

// How long a waiter spins when its partner is running on another CPU. A
// handoff between two running threads takes well under a microsecond; a
// futex sleep plus wake-up several. 20 us was measured worse on a loaded
// 2-core machine.
inline constexpr std::uint32_t kSpinBudgetNs = 4000;

// How long a waiter spins while its partner is *waking*: it was asleep on a
// futex and has been woken (usually by this very thread, which just handed
// it a value), but has not run yet. Its answer comes as soon as the kernel
// runs it, which on a virtual machine takes tens of microseconds (an idle
// vCPU must be brought back); a waiter that gave up after kSpinBudgetNs
// would park just before that answer, and the partner would then have to
// wake it in turn: each side parks on every message, for good (the
// "park cascade", bench/RESULTS.md, issue 19, branch prim3). While spinning
// for a waking partner the waiter yields every kSpinBudgetNs, in case the
// kernel woke the partner on this waiter's CPU.
inline constexpr std::uint32_t kWakingSpinBudgetNs = 60000;

// Whether a waiter may spin at all. `thread_cpus`: the CPUs the calling
// thread may run on (its affinity mask); `online_cpus`: the machine's.
constexpr bool SpinCanPay(int thread_cpus, int online_cpus) noexcept {
  return thread_cpus > 1 && online_cpus > 1;
}

// What a waiter can see of its partner: the thread expected to answer it
// (the last thread that used the other side of the channel), through the
// state that thread publishes in its Waiter (Waiter::view_as_partner).
enum class PartnerActivity : std::uint8_t {
  kUnknown,  // no partner known (first use, a buffered channel, a select)
  kRunning,  // not asleep in libconc: on a CPU, or preempted
  kWaking,   // was asleep on a futex and has been woken, but has not run yet
  kAsleep,   // asleep on a futex, and nobody has woken it
};
struct PartnerView {
  PartnerActivity activity = PartnerActivity::kUnknown;
  // The partner last ran on the waiter's CPU: it can run only once the
  // waiter gives that CPU up.
  bool same_cpu = false;
};

enum class WaitPlan : std::uint8_t {
  kSpin,            // spin up to kSpinBudgetNs, then yield, then park
  kSpinWhileWaking, // spin up to kWakingSpinBudgetNs, yielding now and then
  kYield,           // no spin: yield a few times, then park
  kPark,            // no spin, no yield: park now
};

// The rule a waiter follows, re-evaluated while it spins:
//   * partner asleep: it cannot answer before someone else wakes it, and
//     then it will wake us: park now.
//   * this thread may run on one CPU only, or the machine has one CPU: the
//     partner can run only once this thread gives the CPU up, so every spin
//     is lost: yield, then park.
//   * partner waking: its answer comes as soon as it runs: spin long,
//     yielding now and then. (Where it last ran says nothing here: the
//     kernel chooses its CPU as it wakes it.)
//   * partner running on this waiter's CPU: it is preempted, and runs only
//     once this thread gives the CPU up: yield, then park.
//   * partner running on another CPU, or unknown: spin briefly.
constexpr WaitPlan PlanWait(int thread_cpus, int online_cpus, PartnerView partner) noexcept {
  if (partner.activity == PartnerActivity::kAsleep) return WaitPlan::kPark;
  if (!SpinCanPay(thread_cpus, online_cpus)) return WaitPlan::kYield;
  if (partner.activity == PartnerActivity::kWaking) return WaitPlan::kSpinWhileWaking;
  if (partner.same_cpu) return WaitPlan::kYield;
  return WaitPlan::kSpin;
}

// The calling thread's wait statistics since it first blocked (waiter.cpp);
// for tests, benchmarks and bench/channels/handoff_profile.cpp. Counted on
// the thread that does the thing: `wakes` are futex wake-ups this thread
// issued for others.
struct SpinStats {
  std::uint64_t waits = 0;               // calls to Waiter::wait_until that waited
  std::uint64_t waits_without_spin = 0;  // ... and did not spin at all
  std::uint64_t spins = 0;               // spin-loop iterations
  std::uint64_t yields = 0;              // sched_yield calls while waiting
  std::uint64_t parks = 0;               // futex waits (selection and handoff)
  std::uint64_t wakes = 0;               // futex wakes issued (unpark, handoff ready)
};
SpinStats CurrentThreadSpinStats() noexcept;

}  // namespace conc::internal
