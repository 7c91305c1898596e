// conc/select.h: Go's select statement.
//
// conc::select waits until one of several channel operations can proceed,
// performs exactly that one, runs its callback and returns the position
// (0-based, in argument order) of the case taken.
//
// Contract (what synchronizes with what):
//   * The case taken synchronizes exactly like the channel operation it
//     performs (conc/channel.h): a send happens before the select's receive
//     of its value completes, close() happens before a receive case that
//     reports it with std::nullopt, an unbuffered receive happens before the
//     send case it takes from returns, and so on. Its callback runs after the
//     operation, on the calling thread, so it sees all of that.
//   * The cases not taken did not happen: they synchronize with nothing, and
//     an rvalue they were given is not moved from.
//   * on_stop(token, fn): request_stop() happens before fn runs (as with
//     std::stop_token::stop_requested()).
//   * after() and default_case() synchronize with nothing.
//
//   int taken = conc::select(
//       conc::recv(jobs, [&](std::optional<Job> job) {   // std::nullopt: jobs is closed
//         if (job) handle(*job);
//       }),
//       conc::send(results, std::move(r), [&] { ++sent; }),
//       conc::recv(ctx.done(), [] { /* cancelled */ }),   // a callback may ignore the value
//       conc::after(100ms, [] { /* nothing happened for 100 ms */ }));
//
// Cases:
//   conc::recv(ch, fn)         ch: Channel<T>& or Receiver<T>. fn takes std::optional<T>
//                              (empty when ch is closed and drained) or nothing.
//   conc::send(ch, value, fn)  ch: Channel<T>& or Sender<T>; fn optional. An rvalue T
//                              (`std::move(v)`) is moved from only if this case is
//                              taken; an lvalue or another type is copied/converted in.
//   conc::on_stop(token, fn)   taken once stop is requested on the std::stop_token.
//   conc::after(duration, fn)  taken when nothing else was ready before the timeout
//                              (measured from the call). At most one. Any duration:
//                              hours::max() waits for ever (in effect), <= 0 polls once.
//   conc::default_case(fn)     taken at once when nothing is ready: a non-blocking
//                              select. At most one, and not together with after().
//
// Semantics, as in Go:
//   * When several cases are ready, one is chosen uniformly at random among
//     the ready ones, whatever their positions and whichever other cases are
//     not ready (each select polls its cases in a fresh random permutation,
//     as Go's does): no case starves another.
//   * A nil Receiver/Sender (default-constructed, e.g. Context::background()
//     .done()) is never ready: use it to switch a case off.
//   * A recv case on a closed channel is always ready (with std::nullopt).
//   * A send case on a closed channel is misuse (conc/misuse.h); under
//     MisusePolicy::kLog select returns that case's position, but its
//     callback does not run (nothing was sent) and the value stays with the
//     caller (an rvalue is not moved from).
//   * With no case that can ever be ready, select blocks forever (Go's
//     `select {}`); the deadlock watchdog reports it.
//   * Callbacks run on the calling thread after the operation is complete,
//     outside any lock; they may use the channels again, or select again.
//
// Build the cases inside the select call: a case refers to the channel and,
// for an rvalue send, to the value, and must not outlive the full expression.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <type_traits>
#include <utility>

#include "conc/channel.h"
#include "conc/internal/select_cases.h"

namespace conc {

// --- case makers ----------------------------------------------------------
// Each returns a case object for select(); build them inside the call.

// Receives from `channel`. `fn` takes std::optional<T> (std::nullopt: closed
// and drained) or nothing.
template <class T, class F>
internal::RecvCase<T, F> recv(Channel<T>& channel, F fn) {
  return internal::RecvCase<T, F>(&channel, std::move(fn));
}
// The same through a Receiver view; a nil Receiver is never ready.
template <class T, class F>
internal::RecvCase<T, F> recv(Receiver<T> receiver, F fn) {
  return internal::RecvCase<T, F>(receiver.channel(), std::move(fn));
}

// Sends `value` on `channel`; `fn` (optional, no argument) runs once it is
// sent. An rvalue T is moved from only if this case is taken.
template <class T, class U, class F = internal::NoCallback>
internal::SendCase<T, F> send(Channel<T>& channel, U&& value, F fn = {}) {
  return internal::SendCase<T, F>(&channel, internal::BorrowedSendValue<T>(std::forward<U>(value)),
                                  internal::OwnedSendValue<T>(std::forward<U>(value)),
                                  std::move(fn));
}
// The same through a Sender view; a nil Sender is never ready.
template <class T, class U, class F = internal::NoCallback>
internal::SendCase<T, F> send(Sender<T> sender, U&& value, F fn = {}) {
  return internal::SendCase<T, F>(sender.channel(),
                                  internal::BorrowedSendValue<T>(std::forward<U>(value)),
                                  internal::OwnedSendValue<T>(std::forward<U>(value)),
                                  std::move(fn));
}

// Ready once stop is requested on `token` (never, for a token that cannot
// be stopped).
template <class F = internal::NoCallback>
internal::StopCase<F> on_stop(std::stop_token token, F fn = {}) {
  return internal::StopCase<F>(std::move(token), std::move(fn));
}

// Taken when no other case became ready within `timeout` of the select
// call. At most one per select.
template <class Rep, class Period, class F = internal::NoCallback>
internal::AfterCase<F> after(std::chrono::duration<Rep, Period> timeout, F fn = {}) {
  return {internal::SaturatedDuration(timeout), std::move(fn)};
}

// Taken at once when no other case is ready: a select that never blocks.
// At most one per select, and not with after().
template <class F = internal::NoCallback>
internal::DefaultCase<F> default_case(F fn = {}) {
  return {std::move(fn)};
}

// --- select ---------------------------------------------------------------

// Waits until one case can proceed, performs it, runs its callback and
// returns its position among the arguments (see the file comment).
template <class... Cases>
int select(Cases&&... cases) {
  using namespace internal;
  constexpr int kAfters = (0 + ... + (kIsAfter<std::remove_cvref_t<Cases>> ? 1 : 0));
  constexpr int kDefaults = (0 + ... + (kIsDefault<std::remove_cvref_t<Cases>> ? 1 : 0));
  static_assert(kAfters <= 1, "conc::select takes at most one conc::after case");
  static_assert(kDefaults <= 1, "conc::select takes at most one conc::default_case");
  static_assert(kAfters + kDefaults <= 1,
                "conc::select: a default_case never waits, so an after() case is pointless");
  constexpr int kChannelCases = static_cast<int>(sizeof...(Cases)) - kAfters - kDefaults;

  SelectCase* channel_cases[kChannelCases > 0 ? kChannelCases : 1];
  int count = 0;
  int special_position = -1;
  Deadline deadline;
  int position = 0;
  auto classify = [&](auto& c) {
    using C = std::remove_cvref_t<decltype(c)>;
    if constexpr (kIsAfter<C>) {
      deadline = Clock::now() + c.timeout;
      special_position = position;
    } else if constexpr (kIsDefault<C>) {
      special_position = position;
    } else {
      static_assert(std::is_base_of_v<SelectCase, C>,
                    "conc::select takes conc::recv, conc::send, conc::on_stop, conc::after "
                    "and conc::default_case cases");
      c.position = position;
      channel_cases[count++] = &c;
    }
    ++position;
  };
  (classify(cases), ...);

  int taken = RunSelect(channel_cases, count, deadline, kDefaults > 0);
  if (taken >= 0) {
    channel_cases[taken]->complete();
    return channel_cases[taken]->position;
  }
  auto run_special = [&](auto& c) {
    using C = std::remove_cvref_t<decltype(c)>;
    if constexpr (kIsAfter<C> || kIsDefault<C>) InvokeCallback(c.fn);
  };
  (run_special(cases), ...);
  return special_position;
}

}  // namespace conc
