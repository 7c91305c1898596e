// conc::Context (conc/context.h): the cancellation tree and the timer thread.
#include "conc/context.h"

#include "conc/internal/test_hooks.h"
#include "conc/internal/wait.h"
#include "fork.h"
#include "waiter_shared.h"

#include <pthread.h>

#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>

namespace conc {
namespace internal {

struct ContextState;

// One thread that cancels contexts at their deadlines. It exists only while
// a timer is pending, so that an idle process has no conc thread to leak.
class TimerService {
 public:
  using Timers = std::multimap<Clock::time_point, std::weak_ptr<ContextState>>;

  // Leaked on purpose, like the waiter pool and the watchdog: a context may
  // be cancelled (and its timer disarmed) from a static destructor or from
  // a thread still running while the process exits, after a destroyed
  // service would have freed its map. The thread, if any, dies with the
  // process; it exists only while a deadline is pending.
  static TimerService& instance() {
    static TimerService* const service = [] {
      InstallForkHandlers();
      return new TimerService;
    }();
    return *service;
  }

  static constexpr ForkHandlers fork_handlers() { return {&ForkPrepare, &ForkParent, &ForkChild}; }

  // Arms a timer for `state`, unless it is already cancelled.
  void add(Clock::time_point when, const std::shared_ptr<ContextState>& state);

  // fork(): no other thread holds mutex_ at the fork (prepare takes it).
  // In the child the timer thread does not exist: renew the condition variable
  // (its state may count the vanished thread as a waiter), and start a new
  // thread if deadlines are pending, so that they still fire.
  static void ForkPrepare() { instance().mutex_.lock(); }
  static void ForkParent() { instance().mutex_.unlock(); }
  static void ForkChild() {
    TimerService& self = instance();
    new (&self.changed_) std::condition_variable();
    self.running_ = false;
    self.firing_ = 0;  // a cancel the parent's timer thread was running is not run here
    self.note_size();
    if (!self.timers_.empty()) {
      try {
        self.add_locked_start(self.timers_.begin());
      } catch (const std::system_error&) {
        std::fputs("conc: fork: cannot restart the timer thread in the child\n", stderr);
      }
    }
    self.mutex_.unlock();
  }

  void add_locked_start(Timers::iterator it) {
    if (!running_) {
      // Detached: the service is never destroyed, and a thread that finds
      // no timer left returns by itself (nobody has to join it, at exit or
      // before starting the next one).
      std::thread thread([this] { run(); });
      // Named by the creator, so that the name is there as soon as the thread is.
      pthread_setname_np(thread.native_handle(), "conc-timer");
      thread.detach();
      running_ = true;
    } else if (it == timers_.begin()) {
      changed_.notify_all();
    }
  }

  // Disarms the timer of `state`, if it is still armed. The entry is looked
  // up and erased under one lock: run() erases a due entry under the same
  // lock and clears `state.timer` as it does, so each entry is erased once.
  void disarm(ContextState& state);

 private:
  void run();

  friend bool TimersKeepWaitersAlive(std::int64_t now_ns, std::int64_t limit_ns) noexcept;
  // The timers armed or firing, for the watchdog, which must not take mutex_.
  void note_size() { pending_.store(timers_.size() + firing_, std::memory_order_release); }

  std::mutex mutex_;
  std::condition_variable changed_;
  Timers timers_;
  // Timers taken out of timers_ whose cancel() is running on the timer
  // thread: the watchdog does not watch that thread, so until the cancel has
  // released the waiters they are not deadlocked. Guarded by mutex_.
  std::size_t firing_ = 0;
  std::atomic<std::size_t> pending_{0};
  std::atomic<Clock::rep> last_fired_ns_{0};  // steady_clock count of the last cancel by a timer
  bool running_ = false;  // a timer thread runs (or is about to return)
};

struct ContextState : std::enable_shared_from_this<ContextState> {
  std::shared_ptr<ContextState> parent;
  std::stop_source source;
  Channel<std::monostate> done{0};
  Deadline deadline;

  std::mutex mutex;
  std::error_code err;                  // guarded by mutex
  std::thread::id canceller;            // guarded by mutex: who runs the first cancel()
  bool finished = false;                // guarded by mutex: the first cancel() is over
  std::condition_variable finished_cv;
  std::optional<TimerService::Timers::iterator> timer;  // guarded by the TimerService mutex

  struct CancelFromParent {
    ContextState* child;
    void operator()() const noexcept { child->cancel(child->parent->current_err()); }
  };
  std::optional<std::stop_callback<CancelFromParent>> parent_link;

  std::error_code current_err() {
    std::lock_guard<std::mutex> lock(mutex);
    return err;
  }

  // The first call records the error, closes done, requests the stop (which
  // runs the children's cancel and the users' stop_callbacks on this
  // thread) and disarms the timer; every other call returns only once that
  // is finished, so that after any cancel() returns the context is done.
  // The lock is not held across the close and the stop request: the
  // callbacks they run may read err() or cancel this very context.
  void cancel(std::error_code why) noexcept {
    {
      std::unique_lock<std::mutex> lock(mutex);
      if (err) {
        // The canceller itself, re-entering from a stop_callback: done is
        // closed and the stop requested already.
        if (canceller == std::this_thread::get_id()) return;
        if (!finished) {
          BlockScope blocked({"context cancel", this});
          finished_cv.wait(lock, [this] { return finished; });
        }
        return;
      }
      err = why ? why : make_error_code(ContextError::kCanceled);
      canceller = std::this_thread::get_id();
    }
    test_hooks::Reach(test_hooks::Point::kContextErrorSet, this);
    done.close();
    source.request_stop();
    test_hooks::Reach(test_hooks::Point::kContextRemovingTimer, this);
    TimerService::instance().disarm(*this);
    {
      std::lock_guard<std::mutex> lock(mutex);
      finished = true;
    }
    finished_cv.notify_all();
  }

  // A context dropped without cancel() keeps its timer until it fires, as in
  // Go (where `go vet` flags the lost cancel): the entry holds a weak_ptr.
  ~ContextState() { parent_link.reset(); }
};

void TimerService::add(Clock::time_point when, const std::shared_ptr<ContextState>& state) {
  std::lock_guard<std::mutex> lock(mutex_);
  test_hooks::Reach(test_hooks::Point::kInternalLockHeld, this, "timers");
  if (state->current_err()) return;  // cancel() ran already and found no timer
  auto it = timers_.emplace(when, state);
  note_size();
  state->timer = it;
  add_locked_start(it);
}

void TimerService::disarm(ContextState& state) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!state.timer) return;  // never armed, or run() took it
  timers_.erase(*state.timer);
  note_size();
  state.timer.reset();
  if (timers_.empty()) changed_.notify_all();
}

constinit const ForkHandlers kTimersForkHandlers = TimerService::fork_handlers();

void TimerService::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!timers_.empty()) {
    auto first = timers_.begin();
    if (Clock::now() < first->first) {
      test_hooks::Reach(test_hooks::Point::kTimerWaiting, this);
      changed_.wait_until(lock, first->first);
      continue;
    }
    std::shared_ptr<ContextState> state = first->second.lock();
    if (state) state->timer.reset();  // under mutex_, which guards it
    timers_.erase(first);
    if (state) ++firing_;
    note_size();
    if (state) {
      lock.unlock();
      test_hooks::Reach(test_hooks::Point::kTimerFired, state.get());
      state->cancel(make_error_code(ContextError::kDeadlineExceeded));
      // Waiters woken through a condition variable may not have run yet:
      // for the watchdog, this thread (which it does not watch) made
      // progress now. (Waiters on a channel are released by the selection.)
      last_fired_ns_.store(Clock::now().time_since_epoch().count(), std::memory_order_release);
      state.reset();
      lock.lock();
      --firing_;
      note_size();
    }
  }
  running_ = false;
}

bool TimersKeepWaitersAlive(std::int64_t now_ns, std::int64_t limit_ns) noexcept {
  TimerService& timers = TimerService::instance();
  if (timers.pending_.load(std::memory_order_acquire) != 0) return true;
  const std::int64_t fired = timers.last_fired_ns_.load(std::memory_order_acquire);
  return fired != 0 && now_ns - fired < limit_ns;
}

std::stop_token ContextStopToken(const Context& ctx) noexcept { return ctx.stop_token(); }

Deadline ContextDeadline(const Context& ctx) noexcept { return ctx.deadline(); }

}  // namespace internal

namespace {

class ContextCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "conc.context"; }
  std::string message(int value) const override {
    switch (static_cast<ContextError>(value)) {
      case ContextError::kCanceled: return "context canceled";
      case ContextError::kDeadlineExceeded: return "context deadline exceeded";
    }
    return "unknown context error";
  }
};

}  // namespace

const std::error_category& context_category() noexcept {
  static const ContextCategory category;
  return category;
}

Receiver<std::monostate> Context::done() const noexcept {
  if (!state_) return {};
  return Receiver<std::monostate>(state_->done);
}

std::error_code Context::err() const noexcept {
  if (!state_) return {};
  std::error_code err = state_->current_err();
  // An operation that waited with this context's deadline may return a hair
  // before the timer thread cancels: past the deadline, err() says so anyway.
  if (!err && state_->deadline && internal::Clock::now() >= *state_->deadline) {
    state_->cancel(make_error_code(ContextError::kDeadlineExceeded));
    err = state_->current_err();
  }
  return err;
}

std::optional<Context::Clock::time_point> Context::deadline() const noexcept {
  return state_ ? state_->deadline : std::nullopt;
}

std::stop_token Context::stop_token() const noexcept {
  return state_ ? state_->source.get_token() : std::stop_token();
}

void CancelFunc::operator()() const noexcept {
  if (state_) state_->cancel(make_error_code(ContextError::kCanceled));
}

ContextAndCancel with_cancel(const Context& parent) {
  auto state = std::make_shared<internal::ContextState>();
  state->parent = parent.state_;
  if (state->parent) {
    state->deadline = state->parent->deadline;
    // Runs at once (cancelling the child) if the parent is already done.
    state->parent_link.emplace(state->parent->source.get_token(),
                               internal::ContextState::CancelFromParent{state.get()});
  }
  return {Context(state), CancelFunc(state)};
}

ContextAndCancel with_deadline(const Context& parent, Context::Clock::time_point deadline) {
  ContextAndCancel result = with_cancel(parent);
  internal::ContextState& state = *result.ctx.state_;
  if (state.deadline && *state.deadline <= deadline) return result;  // the parent's comes first
  state.deadline = deadline;
  if (internal::Clock::now() >= deadline) {
    state.cancel(make_error_code(ContextError::kDeadlineExceeded));
    return result;
  }
  internal::TimerService::instance().add(deadline, result.ctx.state_);
  return result;
}

}  // namespace conc
