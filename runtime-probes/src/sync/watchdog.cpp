// The opt-in deadlock watchdog (conc/deadlock_watchdog.h).
#include <pthread.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <new>
#include <string>
#include <system_error>
#include <thread>

#include "conc/deadlock_watchdog.h"
#include "conc/internal/test_hooks.h"
#include "fork.h"
#include "waiter_shared.h"

namespace conc {
namespace internal {
namespace {

std::int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             Clock::now().time_since_epoch())
      .count();
}

class Watchdog {
 public:
  static Watchdog& instance() {
    static Watchdog* const watchdog = [] {
      InstallForkHandlers();
      return new Watchdog;  // leaked: may be consulted during exit
    }();
    return *watchdog;
  }

  static constexpr ForkHandlers fork_handlers() { return {&ForkPrepare, &ForkParent, &ForkChild}; }

  void enable(DeadlockWatchdogOptions options) {
    std::unique_lock<std::mutex> lock(mutex_);
    test_hooks::Reach(test_hooks::Point::kInternalLockHeld, this, "watchdog");
    options_ = std::move(options);
    if (options_.limit.count() <= 0) options_.limit = std::chrono::milliseconds(1);
    enabled_.store(true, std::memory_order_release);
    if (thread_.joinable()) return;
    start_locked();
  }

  // Each thread runs for one generation: disable() ends it by starting the
  // next, so that an enable() between disable()'s unlock and its join
  // starts a new thread instead of reviving the one being joined (which
  // would then never stop, and the join never return).
  void disable() {
    std::thread thread;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      enabled_.store(false, std::memory_order_release);
      ++generation_;
      thread = std::move(thread_);
      wake_.notify_all();
    }
    test_hooks::Reach(test_hooks::Point::kWatchdogStopping, this);
    if (thread.joinable()) thread.join();
  }

  bool enabled() const noexcept { return enabled_.load(std::memory_order_acquire); }

 private:
  void start_locked() {
    const std::uint64_t generation = generation_;
    thread_ = std::thread([this, generation] { run(generation); });
    pthread_setname_np(thread_.native_handle(), "conc-watchdog");
  }

  // fork(): in the child the watchdog thread does not exist: forget its
  // handle, renew the condition variable, and start a new thread if the
  // watchdog is enabled.
  static void ForkPrepare() { instance().mutex_.lock(); }
  static void ForkParent() { instance().mutex_.unlock(); }
  static void ForkChild() {
    Watchdog& self = instance();
    new (&self.thread_) std::thread();
    new (&self.wake_) std::condition_variable();
    ++self.generation_;
    if (self.enabled_.load(std::memory_order_relaxed)) {
      try {
        self.start_locked();
      } catch (const std::system_error&) {
        std::fputs("conc: fork: cannot restart the deadlock watchdog in the child\n", stderr);
      }
    }
    self.mutex_.unlock();
  }

  void run(std::uint64_t generation) {
    std::uint64_t reported_progress = ~std::uint64_t{0};
    std::unique_lock<std::mutex> lock(mutex_);
    auto stopped = [this, generation] { return generation_ != generation; };
    while (!stopped()) {
      auto period = options_.limit / 4;
      if (period.count() == 0) period = std::chrono::milliseconds(1);
      wake_.wait_for(lock, period, stopped);
      if (stopped()) break;
      std::uint64_t progress = 0;
      std::string report = check(options_.limit, progress);
      test_hooks::Reach(test_hooks::Point::kWatchdogChecked, this,
                        report.empty() ? "no deadlock" : "deadlock");
      if (report.empty() || progress == reported_progress) continue;
      reported_progress = progress;
      auto handler = options_.on_deadlock;
      lock.unlock();
      if (handler) {
        handler(report);
      } else {
        std::fputs(report.c_str(), stderr);
        std::fflush(stderr);
        std::_Exit(2);
      }
      lock.lock();
    }
  }

  // The report if every known thread is blocked for longer than `limit`.
  static std::string check(std::chrono::milliseconds limit, std::uint64_t& progress) {
    WaiterPool& pool = WaiterPool::instance();
    std::lock_guard<std::mutex> lock(pool.mutex_);
    const std::int64_t now = NowNs();
    const std::int64_t limit_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(limit).count();
    int alive = 0;
    for (Waiter* waiter : pool.all_) {
      Waiter::Shared& shared = *waiter->shared();
      if (!shared.alive.load(std::memory_order_acquire)) continue;
      ++alive;
      std::int64_t since = shared.blocked_since_ns.load(std::memory_order_acquire);
      if (since == 0 || now - since < limit_ns) return {};
      if (shared.timed.load(std::memory_order_acquire)) return {};  // will wake by itself
      // Released (a send, a close or a cancel selected it) but not yet run
      // by the scheduler: it is not blocked, however long the machine keeps
      // it waiting for a CPU. (Waiters are pooled, never freed: reading one
      // whose thread has just left its wait is safe, and then reads it as
      // running, which it is.)
      if (shared.ends_when_selected.load(std::memory_order_acquire) &&
          waiter->selected() != kWaiting) {
        return {};
      }
      progress += shared.progress.load(std::memory_order_relaxed) * 1000003u + shared.tid;
    }
    if (alive == 0) return {};
    if (TimersKeepWaitersAlive(now, limit_ns)) return {};  // a deadline will wake, or just woke, waiters
    std::string report = "fatal error: all goroutines are asleep - deadlock!\n";
    for (Waiter* waiter : pool.all_) {
      Waiter::Shared& shared = *waiter->shared();
      if (!shared.alive.load(std::memory_order_acquire)) continue;
      std::int64_t since = shared.blocked_since_ns.load(std::memory_order_acquire);
      std::lock_guard<std::mutex> site_lock(shared.site_mutex);
      char line[160];
      std::snprintf(line, sizeof line, "\nthread %d \"%s\" [%s, %lld ms]:\n", shared.tid,
                    shared.name, shared.site.what ? shared.site.what : "blocked",
                    static_cast<long long>((now - since) / 1000000));
      report += line;
      if (shared.site.object != nullptr) {
        std::snprintf(line, sizeof line, "    on %p\n", shared.site.object);
        report += line;
      }
      Stack stack = shared.stack;
      TrimInternalFrames(stack);
      report += FormatStack(stack, "    ");
    }
    return report;
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  DeadlockWatchdogOptions options_;
  std::thread thread_;
  std::uint64_t generation_ = 0;  // guarded by mutex_; see disable()
  std::atomic<bool> enabled_{false};
};

}  // namespace

constinit const ForkHandlers kWatchdogForkHandlers = Watchdog::fork_handlers();

bool WatchdogEnabled() noexcept { return Watchdog::instance().enabled(); }

void WatchdogNoteThread() noexcept {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* value = std::getenv("CONC_DEADLOCK_WATCHDOG");
    if (value == nullptr || *value == '\0') return;
    char* end = nullptr;
    long ms = std::strtol(value, &end, 10);
    if (end == value || ms <= 0) {
      std::fprintf(stderr, "conc: ignoring CONC_DEADLOCK_WATCHDOG=%s (want milliseconds > 0)\n",
                   value);
      return;
    }
    try {
      DeadlockWatchdogOptions options;
      options.limit = std::chrono::milliseconds(ms);
      Watchdog::instance().enable(std::move(options));
    } catch (const std::exception& e) {  // no memory or no thread: run unwatched
      std::fprintf(stderr, "conc: cannot start the deadlock watchdog: %s\n", e.what());
    }
  });
}

namespace {
Waiter::Shared* CurrentSharedOrNull() noexcept {
  try {
    return Waiter::current().shared();
  } catch (const std::bad_alloc&) {
    return nullptr;  // not watched: the watchdog cannot see this thread
  }
}
}  // namespace

BlockScope::BlockScope(BlockSite site) noexcept : shared_(CurrentSharedOrNull()) {
  if (shared_ == nullptr) {
    test_hooks::Reach(test_hooks::Point::kBlocking, site.object, site.what);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(shared_->site_mutex);
    shared_->site = site;
    shared_->timed.store(site.timed, std::memory_order_release);
    shared_->ends_when_selected.store(site.ends_when_selected, std::memory_order_release);
    if (WatchdogEnabled()) {
      CaptureStack(shared_->stack, 1);
    } else {
      shared_->stack.depth = 0;
    }
  }
  shared_->blocked_since_ns.store(NowNs(), std::memory_order_release);
  test_hooks::Reach(test_hooks::Point::kBlocking, site.object, site.what);
}

BlockScope::~BlockScope() {
  if (shared_ == nullptr) return;
  shared_->blocked_since_ns.store(0, std::memory_order_release);
  shared_->progress.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace internal

void enable_deadlock_watchdog(DeadlockWatchdogOptions options) {
  internal::Watchdog::instance().enable(std::move(options));
}

void disable_deadlock_watchdog() { internal::Watchdog::instance().disable(); }

}  // namespace conc
