// conc/internal/wait.h: the blocking machinery under Channel and select.
//
// Not public API. The design follows Go's runtime (hchan, sudog, selectgo) and
// crossbeam-channel: a blocked thread is represented by its Waiter, which it
// registers (with an operation id and a packet pointer) in the wait lists of
// the channels it waits on. A counterpart that wants to complete the operation
// first *selects* the Waiter with one compare-and-swap on Waiter::selected;
// that CAS is what makes select atomic across several channels: exactly one
// counterpart (or the timeout, or a cancellation, or a close) wins.
//
// Waiters are pooled and never freed, so a late unpark() on a Waiter whose
// thread already returned (or exited) only costs that Waiter's next owner a
// spurious wake-up, which every wait loop tolerates.
//
// Each Waiter also publishes, in the same cache line, whether its owner is
// asleep on its futex and on which CPU it last waited; a thread about to
// wait for it reads that (view_as_partner) to decide whether to spin
// (conc/internal/adaptive_spin.h). Those are hints, read and written
// relaxed: no correctness depends on them, only how long a waiter spins.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "conc/internal/adaptive_spin.h"
#include "conc/internal/deadline.h"
#include "conc/internal/stacktrace.h"
#include "conc/internal/test_hooks.h"
#include "conc/internal/thread_annotations.h"
#include "conc/misuse.h"

namespace conc::internal {

using Deadline = std::optional<Clock::time_point>;

inline void CpuRelax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

void YieldThread() noexcept;

// Exponential backoff for short waits: spin with pause, then yield.
class Backoff {
 public:
  void spin() noexcept {
    for (unsigned i = 0; i < (1u << (step_ < kSpinLimit ? step_ : kSpinLimit)); ++i) CpuRelax();
    if (step_ <= kSpinLimit) ++step_;
  }
  void snooze() noexcept {
    if (step_ <= kSpinLimit) {
      for (unsigned i = 0; i < (1u << step_); ++i) CpuRelax();
    } else {
      YieldThread();
    }
    if (step_ <= kYieldLimit) ++step_;
  }
  bool completed() const noexcept { return step_ > kYieldLimit; }

 private:
  static constexpr unsigned kSpinLimit = 6;
  static constexpr unsigned kYieldLimit = 10;
  unsigned step_ = 0;
};

// A small mutex for the channels' wait lists: spins briefly, then sleeps on a
// futex (Drepper's three-state mutex). Critical sections are a few dozen
// instructions, so spinning nearly always wins.
class CONC_CAPABILITY("mutex") SpinMutex {
 public:
  void lock() noexcept CONC_ACQUIRE() {
    std::uint32_t expected = 0;
    if (state_.compare_exchange_strong(expected, 1, std::memory_order_acquire)) return;
    lock_slow();
  }
  void unlock() noexcept CONC_RELEASE() {
    if (state_.exchange(0, std::memory_order_release) == 2) wake_one();
  }

 private:
  void lock_slow() noexcept;
  void wake_one() noexcept;
  std::atomic<std::uint32_t> state_{0};  // 0 free, 1 locked, 2 locked with sleepers
};

// std::lock_guard for a SpinMutex that the thread-safety analysis understands
// (libstdc++'s std::lock_guard carries no annotations).
class CONC_SCOPED_CAPABILITY SpinLockGuard {
 public:
  explicit SpinLockGuard(SpinMutex& mutex) noexcept CONC_ACQUIRE(mutex) : mutex_(mutex) {
    mutex_.lock();
  }
  ~SpinLockGuard() CONC_RELEASE() { mutex_.unlock(); }
  SpinLockGuard(const SpinLockGuard&) = delete;
  SpinLockGuard& operator=(const SpinLockGuard&) = delete;

 private:
  SpinMutex& mutex_;
};

// std::unique_lock for a SpinMutex that the thread-safety analysis follows:
// a scope that starts locked and may unlock and lock again (the unbuffered
// channel drops its lock before it sleeps or hands a value over). The
// analysis tracks each unlock()/lock() on the scope, so touching a member
// guarded by the mutex after unlock() is a compile error under clang.
class CONC_SCOPED_CAPABILITY SpinUniqueLock {
 public:
  explicit SpinUniqueLock(SpinMutex& mutex) noexcept CONC_ACQUIRE(mutex) : mutex_(mutex) {
    mutex_.lock();
  }
  ~SpinUniqueLock() CONC_RELEASE() {
    if (held_) mutex_.unlock();
  }
  void lock() noexcept CONC_ACQUIRE() {
    mutex_.lock();
    held_ = true;
  }
  void unlock() noexcept CONC_RELEASE() {
    held_ = false;
    mutex_.unlock();
  }
  SpinUniqueLock(const SpinUniqueLock&) = delete;
  SpinUniqueLock& operator=(const SpinUniqueLock&) = delete;

 private:
  SpinMutex& mutex_;
  bool held_ = true;
};

// What a blocked thread is waiting on, for the deadlock watchdog.
struct BlockSite {
  const char* what = nullptr;  // Go's wording: "chan send", "chan receive", "select"...
  const void* object = nullptr;
  // The wait has a deadline: it ends by itself, so it is never part of a
  // deadlock (Go does not report while a timer is pending).
  bool timed = false;
  // The wait ends once the thread's Waiter is selected (Waiter::wait_until):
  // from that moment the thread is released, even if the scheduler has not
  // run it yet, and the watchdog no longer counts it as blocked.
  bool ends_when_selected = false;
};

inline constexpr std::uintptr_t kWaiting = 0;
inline constexpr std::uintptr_t kAborted = 1;       // timeout, cancellation, or "ready after all"
inline constexpr std::uintptr_t kDisconnected = 2;  // a channel waited on was closed

// One per thread (pooled). See the file comment.
class Waiter {
 public:
  // The calling thread's Waiter. It is the thread's own until the thread
  // has run every thread_local destructor (see waiter.cpp), and only then
  // goes back to the pool for a later thread. The first call on a thread
  // may allocate, and throws std::bad_alloc if it cannot: blocking
  // operations call it before they change any state.
  static Waiter& current();
  // The calling thread's Waiter if it has one already, else nullptr. Never
  // allocates: used to name the calling thread as a partner hint.
  static Waiter* current_if_any() noexcept;

  void reset() noexcept { selected_.store(kWaiting, std::memory_order_relaxed); }
  bool try_select(std::uintptr_t selection) noexcept {
    std::uintptr_t expected = kWaiting;
    return selected_.compare_exchange_strong(expected, selection, std::memory_order_acq_rel,
                                             std::memory_order_acquire);
  }
  std::uintptr_t selected() const noexcept { return selected_.load(std::memory_order_acquire); }

  // Wakes the owner if it sleeps. Safe to call on a Waiter whose owner has
  // already moved on (see the file comment).
  void unpark() noexcept {
    if (park_state_.exchange(kNotified, std::memory_order_release) == kParked) wake();
  }

  // Blocks until selected. At the deadline, or when `stop` is requested, tries
  // to select kAborted itself; if a counterpart won that race, its selection
  // is returned instead, and must be honoured. `partner`, when known, is the
  // thread expected to answer (the last one on the other side of the
  // channel): whether and how long to spin before sleeping follows its
  // published state (PlanWait, conc/internal/adaptive_spin.h). Any Waiter
  // pointer is safe here (Waiters are never freed); a stale one is only a
  // wrong hint.
  std::uintptr_t wait_until(const Deadline& deadline, const std::stop_token* stop,
                            BlockSite site, const Waiter* partner = nullptr) noexcept;

  // What a thread on `observer_cpu` waiting for this Waiter's owner can see
  // of it (adaptive_spin.h). Relaxed reads: a hint, never a synchronization.
  PartnerView view_as_partner(int observer_cpu) const noexcept {
    const std::int32_t park_state = park_state_.load(std::memory_order_relaxed);
    PartnerView view;
    if (activity_.load(std::memory_order_relaxed) == kSleeping) {
      view.activity = park_state == kParked ? PartnerActivity::kAsleep : PartnerActivity::kWaking;
    } else {
      view.activity = PartnerActivity::kRunning;
    }
    view.same_cpu = observer_cpu >= 0 && cpu_.load(std::memory_order_relaxed) == observer_cpu;
    return view;
  }

  // Pool bookkeeping and the watchdog's view of this thread.
  struct Shared;
  Shared* shared() noexcept { return shared_; }

 private:
  friend struct WaiterPool;
  static constexpr std::int32_t kEmpty = 0;
  static constexpr std::int32_t kNotified = 1;
  static constexpr std::int32_t kParked = -1;
  void wake() noexcept;
  bool park(const Deadline& deadline) noexcept;  // false on timeout

  // Published by the owner for view_as_partner(): kSleeping from just
  // before it parks until it runs again, kAwake otherwise.
  static constexpr std::uint32_t kAwake = 0;
  static constexpr std::uint32_t kSleeping = 1;

  // One cache line: the partner that selects this Waiter, unparks it and
  // reads its published state touches nothing else of it.
  alignas(64) std::atomic<std::uintptr_t> selected_{kWaiting};
  std::atomic<std::int32_t> park_state_{kEmpty};
  std::atomic<std::uint32_t> activity_{kAwake};
  std::atomic<std::int32_t> cpu_{-1};  // the CPU the owner last waited on; -1 unknown
  Shared* shared_ = nullptr;
};

// The unbuffered handoff: once a partner has selected a waiter, it moves the
// value and marks the packet ready; the waiter must not leave (its packet
// is on its stack) before that. The waiter spins briefly, then sleeps on a
// futex, so that a partner preempted between its selection and its mark
// (or running at a lower priority on the same core) costs no busy loop.
inline constexpr std::uint32_t kHandoffPending = 0;
inline constexpr std::uint32_t kHandoffReady = 1;
inline constexpr std::uint32_t kHandoffSleeping = 2;

void WakeHandoff(std::atomic<std::uint32_t>& ready) noexcept;                   // waiter.cpp
void SleepUntilHandoff(std::atomic<std::uint32_t>& ready, const void* channel) noexcept;

// The partner's side. After the exchange the packet may be gone; the wake
// only passes its address to the kernel (a stray wake is harmless: every
// futex user here re-checks).
inline void MarkReady(std::atomic<std::uint32_t>& ready) noexcept {
  if (ready.exchange(kHandoffReady, std::memory_order_release) == kHandoffSleeping) {
    WakeHandoff(ready);
  }
}

inline void WaitReady(std::atomic<std::uint32_t>& ready, const void* channel) noexcept {
  Backoff backoff;
  while (ready.load(std::memory_order_acquire) != kHandoffReady) {
    if (backoff.completed()) return SleepUntilHandoff(ready, channel);
    backoff.snooze();
  }
}

// A registered wait: who, for which operation, and where the data goes.
struct WaitEntry {
  Waiter* waiter;
  std::uintptr_t operation;
  void* packet;
};

// A list of waiters on one side of a channel. Guarded by its owner's lock.
class WaitList {
 public:
  // May throw std::bad_alloc; then nothing is registered.
  void add(Waiter* waiter, std::uintptr_t operation, void* packet) {
    if (entries_.size() == entries_.capacity()) {
      test_hooks::Reach(test_hooks::Point::kAllocating, this);
    }
    entries_.push_back({waiter, operation, packet});
  }
  void remove(std::uintptr_t operation) noexcept {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].operation == operation) {
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }
  // Selects the first waiter that is not `self` and still waiting, removes it
  // and returns it. The caller completes the operation, then unparks it.
  std::optional<WaitEntry> select_one(const Waiter* self) noexcept {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      WaitEntry entry = entries_[i];
      if (entry.waiter == self) continue;
      if (entry.waiter->try_select(entry.operation)) {
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
        return entry;
      }
    }
    return std::nullopt;
  }
  // Is some waiter other than `self` still waiting here?
  bool has_other(const Waiter* self) const noexcept {
    for (const WaitEntry& entry : entries_) {
      if (entry.waiter != self && entry.waiter->selected() == kWaiting) return true;
    }
    return false;
  }
  // Wakes every waiter with kDisconnected; they unregister themselves.
  void disconnect() noexcept {
    for (const WaitEntry& entry : entries_) {
      if (entry.waiter->try_select(kDisconnected)) entry.waiter->unpark();
    }
  }
  bool empty() const noexcept { return entries_.empty(); }

 private:
  std::vector<WaitEntry> entries_;
};

// A WaitList with its own lock and a lock-free "anyone there?" flag, so that
// the buffered channel's fast path costs one load when nobody waits.
class SyncWaitList {
 public:
  // May throw std::bad_alloc (the list grows); then nothing is registered
  // and the lock is released.
  void add(Waiter* waiter, std::uintptr_t operation) {
    SpinLockGuard lock(mutex_);
    list_.add(waiter, operation, nullptr);
    empty_.store(false, std::memory_order_seq_cst);
  }
  void remove(std::uintptr_t operation) noexcept {
    SpinLockGuard lock(mutex_);
    list_.remove(operation);
    empty_.store(list_.empty(), std::memory_order_seq_cst);
  }
  // Wakes one waiter, if any. Must follow the state change it announces with
  // a seq_cst operation (the channels' head/tail CAS is one).
  void notify() noexcept {
    if (!empty_.load(std::memory_order_seq_cst)) [[unlikely]] notify_slow();
  }
  void disconnect() noexcept {
    SpinLockGuard lock(mutex_);
    list_.disconnect();
  }

 private:
  // Out of line and cold: keeps the "nobody waits" case of notify() a
  // straight fall-through in the sender's and receiver's fast paths.
  [[gnu::noinline, gnu::cold]] void notify_slow() noexcept {
    std::optional<WaitEntry> entry;
    {
      SpinLockGuard lock(mutex_);
      entry = list_.select_one(nullptr);
      empty_.store(list_.empty(), std::memory_order_seq_cst);
    }
    if (entry) entry->waiter->unpark();
  }
  SpinMutex mutex_;
  WaitList list_ CONC_GUARDED_BY(mutex_);
  std::atomic<bool> empty_{true};
};

// Misuse reporting (see conc/misuse.h). Captures the current stack, formats
// "<headline> (<object>)", this site, and the earlier site when there is one,
// then applies the policy: returns under kLog, throws under kThrow.
[[gnu::cold]] void ReportMisuse(MisuseKind kind, const std::string& detail, const Stack* earlier,
                                const char* earlier_label);

// Drops the leading frames inside conc::internal, so that a report starts at
// the user's call (or at the public conc function it called).
void TrimInternalFrames(Stack& stack);

// Same, with a fully formatted body (lock-order cycles carry many stacks).
[[gnu::cold]] void ReportMisuseText(MisuseKind kind, const std::string& text);

}  // namespace conc::internal

namespace conc::internal {
// Marks the calling thread as blocked on `site` for the deadlock watchdog
// (conc/deadlock_watchdog.h) for the lifetime of the scope. Never throws: a
// thread whose Waiter cannot be allocated is simply not watched.
class BlockScope {
 public:
  explicit BlockScope(BlockSite site) noexcept;
  ~BlockScope();
  BlockScope(const BlockScope&) = delete;
  BlockScope& operator=(const BlockScope&) = delete;

 private:
  Waiter::Shared* shared_;
};
}  // namespace conc::internal
