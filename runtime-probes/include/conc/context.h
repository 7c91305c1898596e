// conc/context.h: Go's context.Context: cancellation, deadlines, a done channel.
//
// A Context tells the work it is passed to when to stop: because the caller
// cancelled it, because its deadline passed, or because its parent stopped.
// Contexts form a tree: cancelling one cancels all contexts derived from it.
//
// Contract (what synchronizes with what):
//   * cancel() happens before a thread sees the context done: err() set,
//     done() closed (a receive on it returns std::nullopt), or
//     stop_token().stop_requested() true. Everything the cancelling thread
//     did before cancel() is visible to that thread. A parent's cancel
//     cancels its children on the same thread, so the same holds for them;
//     when the deadline fires, the timer thread cancels, and nothing the
//     user wrote is ordered by it.
//   * When any cancel() returns, the context is done (see the rules below).
//   * Reading err(), deadline() or is_done() of a live context synchronizes
//     with nothing.
// (tests/probes/sync/happens_before_test.cpp)
//
//   auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 2s);
//   // Go's `defer cancel()`: release the timer as soon as the work is done.
//   struct CancelOnExit { conc::CancelFunc& f; ~CancelOnExit() { f(); } } guard{cancel};
//   while (auto job = jobs.recv(ctx)) handle(*job);   // stops at the deadline
//   if (ctx.err() == conc::ContextError::kDeadlineExceeded) log("timed out");
//
// A Context is a cheap, copyable handle (a shared pointer); copies observe
// the same cancellation. Rules, as in Go:
//   * Pass the context down explicitly (first parameter, by const reference);
//     do not store it in long-lived objects.
//   * Always call the cancel function once the work is done, even on success:
//     it releases the timer and the link to the parent. It is safe from any
//     thread and from a stop_callback; calling it again changes nothing.
//   * When any cancel() returns (and when the timer or the parent cancels),
//     the context is done: err() is set, done() is closed, the stop is
//     requested and the children are cancelled. A cancel() that finds
//     another one in progress waits for it, as Go's cancel holds the
//     context's lock across the close. (So a stop_callback must not cancel
//     an ancestor of its context that another thread may be cancelling at
//     the same time: each would wait for the other.)
//   * done() is a Receiver<std::monostate> that is closed when the context is
//     cancelled: use it in conc::select (`conc::recv(ctx.done(), []{...})`).
//     background().done() is a nil receiver: never ready.
//   * stop_token() interoperates with std::jthread, std::stop_callback,
//     std::condition_variable_any and the stop_token overloads of conc.
//   * err() is empty while the context is live, then kCanceled or
//     kDeadlineExceeded (Go's context.Canceled / DeadlineExceeded), forever.
//   * The Context must outlive every done() receiver taken from it.
//
// Deadlines are enforced by one timer thread ("conc-timer") that exists only
// while some context with a deadline is live and not yet cancelled. After
// fork(), the child gets its own timer thread when deadlines are pending, so
// they fire there too.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stop_token>
#include <system_error>
#include <type_traits>
#include <variant>

#include "conc/channel.h"

namespace conc {

// Why a context is done, as a std::error_code (err()).
enum class ContextError {
  kCanceled = 1,          // "context canceled"
  kDeadlineExceeded = 2,  // "context deadline exceeded"
};
// The category of ContextError codes ("conc.context"), and the conversion
// that lets `ctx.err() == conc::ContextError::kCanceled` compile.
const std::error_category& context_category() noexcept;
inline std::error_code make_error_code(ContextError e) noexcept {
  return {static_cast<int>(e), context_category()};
}

namespace internal {
struct ContextState;
}
struct ContextAndCancel;
class Context;
ContextAndCancel with_cancel(const Context& parent);
ContextAndCancel with_deadline(const Context& parent,
                               std::chrono::steady_clock::time_point deadline);

class Context {
 public:
  using Clock = std::chrono::steady_clock;

  // The root context: never cancelled, no deadline. Same as Context().
  static Context background() noexcept { return Context(); }
  Context() noexcept = default;

  // Closed when the context is cancelled; nil (never ready) for background().
  Receiver<std::monostate> done() const noexcept;
  // Empty while live; then why it ended.
  std::error_code err() const noexcept;
  // When it will be cancelled by itself, if ever (its own or an ancestor's).
  std::optional<Clock::time_point> deadline() const noexcept;
  // A stop token that is stopped when the context is cancelled.
  std::stop_token stop_token() const noexcept;
  // err() is set.
  bool is_done() const noexcept { return static_cast<bool>(err()); }

 private:
  friend struct internal::ContextState;
  friend class CancelFunc;
  friend ContextAndCancel with_cancel(const Context& parent);
  friend ContextAndCancel with_deadline(const Context& parent, Clock::time_point deadline);
  explicit Context(std::shared_ptr<internal::ContextState> state) noexcept
      : state_(std::move(state)) {}
  std::shared_ptr<internal::ContextState> state_;
};

// Cancels its context (with ContextError::kCanceled) when called; returns
// once the context is done (see the rules above), also when another thread's
// cancel was first. Copyable; idempotent; thread-safe; never throws.
class CancelFunc {
 public:
  // Cancels nothing (for a default-constructed member).
  CancelFunc() = default;
  // Cancels the context; see above.
  void operator()() const noexcept;

 private:
  friend ContextAndCancel with_cancel(const Context& parent);
  friend ContextAndCancel with_deadline(const Context& parent,
                                        Context::Clock::time_point deadline);
  explicit CancelFunc(std::shared_ptr<internal::ContextState> state) noexcept
      : state_(std::move(state)) {}
  std::shared_ptr<internal::ContextState> state_;
};

// What the with_* functions return: `auto [ctx, cancel] = conc::with_cancel(parent);`
struct ContextAndCancel {
  Context ctx;
  CancelFunc cancel;
};

// A child of `parent` that is cancelled when cancel() is called or when the
// parent is done, whichever comes first.
ContextAndCancel with_cancel(const Context& parent);
// A child that is also cancelled (kDeadlineExceeded) at `deadline`. A parent
// deadline that comes earlier wins. A deadline in the past gives a context
// that is already done. Any duration or time point is accepted: hours::max()
// or time_point::max() give a deadline about 73 years away (they do not
// overflow into the past).
ContextAndCancel with_deadline(const Context& parent, Context::Clock::time_point deadline);
// The same with a time point of any clock.
template <class C, class D>
ContextAndCancel with_deadline(const Context& parent, std::chrono::time_point<C, D> deadline) {
  return with_deadline(parent, *internal::ToDeadline(deadline));
}
// with_deadline(parent, now + timeout).
template <class Rep, class Period>
ContextAndCancel with_timeout(const Context& parent, std::chrono::duration<Rep, Period> timeout) {
  return with_deadline(parent, *internal::DeadlineAfter(timeout));
}

}  // namespace conc

template <>
struct std::is_error_code_enum<conc::ContextError> : std::true_type {};
