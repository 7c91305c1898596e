// The per-thread Waiter: pooling, spinning, parking on a futex.
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <mutex>
#include <vector>

#include "conc/internal/adaptive_spin.h"
#include "conc/internal/test_hooks.h"
#include "conc/internal/wait.h"
#include "fork.h"
#include "futex.h"
#include "waiter_shared.h"

namespace conc::internal {

std::atomic<test_hooks::Hook> test_hooks::hook{nullptr};

namespace {

// After its spin (or instead of it, when spinning cannot pay), a waiter
// yields a few times before it parks: a partner that is runnable on this
// core (an oversubscribed machine, or both threads pinned to one CPU) then
// gets there before this thread pays for a futex sleep and wake-up. How long
// it spins is decided in conc/internal/adaptive_spin.h.
constexpr int kYields = 8;

// The calling thread's spin statistics and the CPU count of its affinity
// mask (adaptive_spin.h). Only the owning thread touches them.
struct ThreadSpin {
  int cpus = 0;                     // CPUs in the thread's affinity mask; 0: read it
  std::uint32_t until_recount = 0;  // waits before the mask is read again
  SpinStats stats;
};
constinit thread_local ThreadSpin tls_spin;

// The mask can change (sched_setaffinity, cgroups); reading it costs a
// system call, so it is read again only every 256 waits.
int ThreadCpus(ThreadSpin& spin) noexcept {
  if (spin.cpus == 0 || spin.until_recount == 0) {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    spin.cpus = sched_getaffinity(0, sizeof mask, &mask) == 0 ? CPU_COUNT(&mask) : 1;
    if (spin.cpus < 1) spin.cpus = 1;
    spin.until_recount = 256;
  }
  --spin.until_recount;
  return spin.cpus;
}

int OnlineCpus() noexcept {
  static const int online = [] {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : static_cast<int>(n);
  }();
  return online;
}

// The calling thread's Waiter. It goes back to the pool through a pthread
// key's destructor, not a thread_local destructor: glibc runs every C++
// thread_local destructor of an exiting thread first, then the key
// destructors, so a user thread_local whose destructor blocks on a channel
// (one constructed before the thread's first blocking call, hence destroyed
// after any thread_local of ours) still sleeps on this thread's own Waiter,
// and no other thread can be handed that Waiter meanwhile. The destructor
// clears the pointer, so a later use (another key's destructor) takes a
// fresh Waiter and sets the key again, which glibc honours by running the
// destructors once more.
constinit thread_local Waiter* tls_waiter = nullptr;

void ReleaseThreadWaiter(void* waiter) {
  tls_waiter = nullptr;
  WaiterPool::instance().release(static_cast<Waiter*>(waiter));
}

pthread_key_t ThreadWaiterKey() {
  static const pthread_key_t key = [] {
    pthread_key_t created;
    if (pthread_key_create(&created, &ReleaseThreadWaiter) != 0) {
      std::fputs("conc: pthread_key_create failed (no key left for the per-thread Waiter)\n",
                 stderr);
      std::abort();
    }
    return created;
  }();
  return key;
}

}  // namespace

void YieldThread() noexcept { sched_yield(); }

void SpinMutex::lock_slow() noexcept {
  for (int i = 0; i < 100; ++i) {
    std::uint32_t expected = 0;
    if (state_.load(std::memory_order_relaxed) == 0 &&
        state_.compare_exchange_weak(expected, 1, std::memory_order_acquire)) {
      return;
    }
    CpuRelax();
  }
  std::uint32_t state = state_.exchange(2, std::memory_order_acquire);
  while (state != 0) {
    FutexWait(&state_, 2, std::nullopt);
    state = state_.exchange(2, std::memory_order_acquire);
  }
}

void SpinMutex::wake_one() noexcept { FutexWake(&state_, 1); }

namespace {
// fork(): in the child only the forking thread exists. The Waiters of the
// other threads are marked dead for the watchdog and never given to a new
// thread: a channel's wait list may still name them, and a new owner would
// receive a selection meant for the vanished one. The forking thread keeps
// its Waiter, under its new thread id.
void PoolForkPrepare() { WaiterPool::instance().mutex_.lock(); }
void PoolForkParent() { WaiterPool::instance().mutex_.unlock(); }
void PoolForkChild() {
  WaiterPool& pool = WaiterPool::instance();
  for (Waiter* waiter : pool.all_) {
    Waiter::Shared& shared = *waiter->shared();
    if (waiter == tls_waiter) {
      shared.tid = static_cast<int>(syscall(SYS_gettid));
    } else {
      shared.alive.store(false, std::memory_order_relaxed);
    }
  }
  pool.mutex_.unlock();
}
}  // namespace

constinit const ForkHandlers kWaiterPoolForkHandlers = {&PoolForkPrepare, &PoolForkParent,
                                                         &PoolForkChild};

WaiterPool& WaiterPool::instance() {
  static WaiterPool* const pool = [] {
    InstallForkHandlers();
    return new WaiterPool;  // leaked: waiters are touched until exit
  }();
  return *pool;
}

Waiter* WaiterPool::acquire() {
  Waiter* waiter = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    test_hooks::Reach(test_hooks::Point::kInternalLockHeld, this, "waiter pool");
    if (!free_.empty()) {
      waiter = free_.back();
      free_.pop_back();
    } else {
      // Every allocation before any change: a std::bad_alloc leaves the
      // pool as it was.
      test_hooks::Reach(test_hooks::Point::kAllocating, this);
      all_.reserve(all_.size() + 1);
      free_.reserve(all_.size() + 1);  // so that release() never allocates
      auto owned = std::make_unique<Waiter>();
      auto shared = std::make_unique<Waiter::Shared>();
      owned->shared_ = shared.release();
      waiter = owned.release();
      all_.push_back(waiter);
    }
    Waiter::Shared& shared = *waiter->shared_;
    shared.tid = static_cast<int>(syscall(SYS_gettid));
    std::memset(shared.name, 0, sizeof shared.name);
    pthread_getname_np(pthread_self(), shared.name, sizeof shared.name);
    shared.blocked_since_ns.store(0, std::memory_order_relaxed);
    shared.alive.store(true, std::memory_order_release);
  }
  WatchdogNoteThread();
  return waiter;
}

void WaiterPool::release(Waiter* waiter) {
  std::lock_guard<std::mutex> lock(mutex_);
  waiter->shared_->alive.store(false, std::memory_order_release);
  waiter->shared_->blocked_since_ns.store(0, std::memory_order_relaxed);
  free_.push_back(waiter);
}

Waiter& Waiter::current() {
  if (tls_waiter == nullptr) {
    Waiter* waiter = WaiterPool::instance().acquire();
    if (pthread_setspecific(ThreadWaiterKey(), waiter) != 0) {  // ENOMEM
      WaiterPool::instance().release(waiter);
      throw std::bad_alloc();
    }
    tls_waiter = waiter;
  }
  return *tls_waiter;
}

Waiter* Waiter::current_if_any() noexcept { return tls_waiter; }

void Waiter::wake() noexcept {
  ++tls_spin.stats.wakes;
  FutexWake(&park_state_, 1);
}

bool Waiter::park(const Deadline& deadline) noexcept {
  // kNotified -> kEmpty: a wake-up arrived first; kEmpty -> kParked: sleep.
  if (park_state_.fetch_sub(1, std::memory_order_acquire) == kNotified) return true;
  ++tls_spin.stats.parks;
  activity_.store(kSleeping, std::memory_order_relaxed);
  FutexWait(&park_state_, static_cast<std::uint32_t>(kParked), deadline);
  test_hooks::Reach(test_hooks::Point::kWoken, this);
  activity_.store(kAwake, std::memory_order_relaxed);
  return park_state_.exchange(kEmpty, std::memory_order_acquire) == kNotified;
}

namespace {

// The spin phase of Waiter::wait_until. Returns the selection if one arrived,
// else kWaiting with `plan` set to what comes next (kYield or kPark).
// Re-reads the partner's state every 16 iterations (with the clock): a
// partner that falls asleep ends the spin at once, one that goes from
// waking to running restarts the short budget from that moment.
struct SpinPhase {
  const Waiter& self;
  const Waiter* partner;
  int my_cpu;
  int thread_cpus;
  const Deadline& deadline;
  const std::stop_token* stop;
  ThreadSpin& spin;

  WaitPlan replan() const noexcept {
    return PlanWait(thread_cpus, OnlineCpus(),
                    partner ? partner->view_as_partner(my_cpu) : PartnerView{});
  }

  std::uintptr_t run(WaitPlan& plan) noexcept {
    Clock::time_point now = Clock::now();
    Clock::time_point end = now + budget(plan);
    Clock::time_point next_yield = now + std::chrono::nanoseconds(kSpinBudgetNs);
    for (unsigned i = 1;; ++i) {
      const std::uintptr_t selection = self.selected();
      if (selection != kWaiting) {
        spin.stats.spins += i;
        return selection;
      }
      CpuRelax();
      if ((i & 15) != 0) continue;
      now = Clock::now();
      if ((deadline && now >= *deadline) || (stop && stop->stop_requested())) {
        plan = WaitPlan::kYield;  // the sleep phase takes the abort
        spin.stats.spins += i;
        return kWaiting;
      }
      const WaitPlan next = replan();
      if (next == WaitPlan::kYield || next == WaitPlan::kPark) {
        plan = next;
        spin.stats.spins += i;
        return kWaiting;
      }
      if (next != plan) {  // waking -> running, or back: a fresh budget
        plan = next;
        end = now + budget(plan);
      }
      if (now >= end) {
        plan = WaitPlan::kYield;
        spin.stats.spins += i;
        return kWaiting;
      }
      if (plan == WaitPlan::kSpinWhileWaking && now >= next_yield) {
        // The partner may have been woken on this CPU.
        ++spin.stats.yields;
        sched_yield();
        next_yield = Clock::now() + std::chrono::nanoseconds(kSpinBudgetNs);
      }
    }
  }

  static Clock::duration budget(WaitPlan plan) noexcept {
    return std::chrono::nanoseconds(plan == WaitPlan::kSpinWhileWaking ? kWakingSpinBudgetNs
                                                                      : kSpinBudgetNs);
  }
};

}  // namespace

std::uintptr_t Waiter::wait_until(const Deadline& deadline, const std::stop_token* stop,
                                  BlockSite site, const Waiter* partner) noexcept {
  std::uintptr_t selection = selected();
  if (selection != kWaiting) return selection;
  ThreadSpin& spin = tls_spin;
  ++spin.stats.waits;
  if (partner == this) partner = nullptr;  // a thread on both sides answers nobody
  const int my_cpu = sched_getcpu();
  cpu_.store(my_cpu, std::memory_order_relaxed);

  SpinPhase phase{*this, partner, my_cpu, ThreadCpus(spin), deadline, stop, spin};
  WaitPlan plan = phase.replan();
  if (plan == WaitPlan::kSpin || plan == WaitPlan::kSpinWhileWaking) {
    selection = phase.run(plan);
    if (selection != kWaiting) return selection;
  } else {
    ++spin.stats.waits_without_spin;
  }

  // Yield (unless the partner is asleep: then nothing can run for us).
  for (int i = 0; plan == WaitPlan::kYield && i < kYields; ++i) {
    selection = selected();
    if (selection != kWaiting) return selection;
    if (deadline && Clock::now() >= *deadline) break;
    if (stop && stop->stop_requested()) break;
    ++spin.stats.yields;
    sched_yield();
  }
  // Sleep.
  struct AbortOnStop {
    Waiter* waiter;
    void operator()() const noexcept {
      if (waiter->try_select(kAborted)) waiter->unpark();
    }
  };
  std::optional<std::stop_callback<AbortOnStop>> on_stop;
  if (stop && stop->stop_possible()) on_stop.emplace(*stop, AbortOnStop{this});
  site.timed = site.timed || deadline.has_value();
  site.ends_when_selected = true;
  BlockScope blocked(site);
  for (;;) {
    selection = selected();
    if (selection != kWaiting) {
      test_hooks::Reach(test_hooks::Point::kReleased, this);
      return selection;
    }
    if (deadline && Clock::now() >= *deadline) {
      if (try_select(kAborted)) return kAborted;
      continue;  // a counterpart selected us meanwhile: honour it
    }
    park(deadline);
  }
}

SpinStats CurrentThreadSpinStats() noexcept { return tls_spin.stats; }

void WakeHandoff(std::atomic<std::uint32_t>& ready) noexcept {
  ++tls_spin.stats.wakes;
  FutexWake(&ready, 1);
}

void SleepUntilHandoff(std::atomic<std::uint32_t>& ready, const void* channel) noexcept {
  std::uint32_t expected = kHandoffPending;
  if (!ready.compare_exchange_strong(expected, kHandoffSleeping, std::memory_order_acquire)) {
    return;  // ready meanwhile (the acquire of the failed exchange pairs with MarkReady)
  }
  BlockScope blocked({"chan handoff", channel});
  ++tls_spin.stats.parks;
  while (ready.load(std::memory_order_acquire) != kHandoffReady) {
    FutexWait(&ready, kHandoffSleeping, std::nullopt);
  }
}

void BlockForever(const Deadline& deadline, const std::stop_token* stop, BlockSite site) {
  Waiter& waiter = Waiter::current();
  waiter.reset();
  waiter.wait_until(deadline, stop, site);
}

}  // namespace conc::internal
