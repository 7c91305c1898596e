// conc/errgroup.h: Go's golang.org/x/sync/errgroup.
//
// An ErrGroup runs tasks on their own threads, waits for all of them, and
// returns the first error. With a context, the first error also cancels the
// group's context, so that the other tasks stop early. set_limit(n) bounds
// how many tasks run at once: go() then blocks until a slot is free, which
// makes an ErrGroup a bounded worker pool (conc-tidy: conc-unbounded-threads).
//
//   conc::ErrGroup group(ctx);                 // group.context() derives from ctx
//   group.set_limit(8);
//   for (const Url& url : urls)
//     group.go([&, url](const conc::Context& ctx) { fetch(ctx, url); });  // throws on failure
//   if (std::exception_ptr error = group.wait()) std::rethrow_exception(error);
//
// Errors are exceptions. A task reports failure by throwing, or by returning
// a non-zero std::error_code (wrapped in std::system_error). wait() returns
// the first failure as a std::exception_ptr (null on success): the error
// type of the task is kept intact, and rethrowing it is one line.
//
// A task may take no argument or `const conc::Context&` (the group's
// context), and return void or std::error_code.
//
// Contract (what synchronizes with what):
//   * go(task) happens before the task starts (it runs on a new thread).
//   * Everything a task did happens before every wait() returns, including
//     a wait() on another thread that found the tasks being joined by the
//     first one, and before the destructor returns.
//   * The error returned is the first one recorded: the first failing task
//     to finish, in the order of the group's internal lock.
// (tests/probes/sync/happens_before_test.cpp)
//
// Rules:
//   * Never call wait() from inside one of the group's own tasks: it would
//     wait for itself. That is misuse (conc/misuse.h); under kLog wait()
//     returns the first error so far without waiting.
//   * Call set_limit() before go(), not while tasks run.
//   * go() may be called from tasks (to fan out further) until wait() returns.
//   * The destructor waits for running tasks (it does not detach).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "conc/context.h"

namespace conc {

class ErrGroup {
 public:
  // A group without its own context (Go's zero errgroup.Group): the first
  // error is recorded but nothing is cancelled; context() is background().
  ErrGroup();
  // Go's errgroup.WithContext: context() is a child of `parent`, cancelled on
  // the first error or when wait() returns.
  explicit ErrGroup(const Context& parent);
  // Waits for every task (it never detaches), as wait() does.
  ~ErrGroup();
  ErrGroup(const ErrGroup&) = delete;
  ErrGroup& operator=(const ErrGroup&) = delete;

  // The group's context: pass it to the tasks so they stop early.
  const Context& context() const noexcept { return ctx_; }

  // At most `n` tasks at once; n < 0 means no limit (the default).
  void set_limit(int n);

  // Starts `task` on a new thread, first waiting for a free slot if a limit
  // is set.
  template <class F>
  void go(F&& task) {
    start(wrap(std::forward<F>(task)), /*try_only=*/false);
  }
  // Like go(), but returns false at once (task not started) when no slot is free.
  template <class F>
  bool try_go(F&& task) {
    return start(wrap(std::forward<F>(task)), /*try_only=*/true);
  }

  // Waits for every task, then returns the first error (null if none).
  // Several threads may wait at once: each returns only when every task
  // started so far has finished. Then cancels context() (Go does too).
  std::exception_ptr wait();

 private:
  using Task = std::function<std::exception_ptr()>;

  template <class F>
  Task wrap(F&& task) {
    return [ctx = &ctx_, fn = std::decay_t<F>(std::forward<F>(task))]() mutable -> std::exception_ptr {
      (void)ctx;  // used only by tasks that take the context
      try {
        std::error_code ec;
        if constexpr (std::is_invocable_v<decltype(fn)&, const Context&>) {
          if constexpr (std::is_same_v<std::invoke_result_t<decltype(fn)&, const Context&>,
                                       std::error_code>) {
            ec = fn(*ctx);
          } else {
            fn(*ctx);
          }
        } else {
          static_assert(std::is_invocable_v<decltype(fn)&>,
                        "an ErrGroup task takes no argument or const conc::Context&");
          if constexpr (std::is_same_v<std::invoke_result_t<decltype(fn)&>, std::error_code>) {
            ec = fn();
          } else {
            fn();
          }
        }
        if (ec) return std::make_exception_ptr(std::system_error(ec));
        return nullptr;
      } catch (...) {
        return std::current_exception();
      }
    };
  }

  bool start(Task task, bool try_only);
  void run(Task& task);

  Context ctx_;
  CancelFunc cancel_;
  std::mutex mutex_;
  std::condition_variable slot_free_;
  std::condition_variable all_done_;
  int limit_ = -1;
  int active_ = 0;
  int joining_ = 0;  // wait() calls joining a batch of threads
  std::vector<std::thread> threads_;
  std::exception_ptr first_error_;
};

}  // namespace conc
