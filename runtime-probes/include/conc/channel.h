// conc/channel.h: Go channels for C++20.
//
// A Channel<T> carries values of type T from senders to receivers, in order.
//
//   conc::Channel<Job> jobs(64);        // buffered: send blocks only when full
//   conc::Channel<Result> results;      // capacity 0: every send waits for a receiver
//
//   std::jthread producer([&] {
//     for (Job& job : make_jobs()) jobs.send(std::move(job));
//     jobs.close();                     // the sender closes, once
//   });
//   for (Job job : jobs) handle(job);   // range-for receives until closed and drained
//
// Contract (Go's memory model for channels; "happens before" as in C++:
// everything the first thread wrote before is visible to the second after):
//   * A send happens before the receive that gets its value completes.
//   * Unbuffered: a receive happens before the send whose value it takes
//     returns.
//   * Buffered with capacity C: the k-th receive happens before the
//     (k+C)-th send completes (the slot it frees is the one that send fills),
//     which is what lets a channel of capacity C serve as a counting
//     semaphore.
//   * close() happens before a receive that returns std::nullopt because the
//     channel is closed, and before a send that reports "send on closed
//     channel".
//   * An operation that gives up (try_* that fails, timeout, cancellation)
//     synchronizes with nothing. is_closed() returning true means close()
//     has returned (it happens before); size() is a snapshot.
// (Each claim has a test in tests/probes/sync/happens_before_test.cpp.)
//
// Rules (Go's, checked at run time where they can be):
//   * Only a sender closes, and only once. A second close is misuse: it is
//     reported with the stack of the first close (conc/misuse.h).
//   * Never send on a closed channel: reported the same way. Close after every
//     sender is done (a WaitGroup, or the single sender closing on its way out).
//   * Receiving from a closed channel drains what is buffered, then returns
//     std::nullopt at once, forever: that is how receivers learn the end.
//   * fork(): the child has only the forking thread. libconc's own state is
//     made consistent for it (no internal lock is held in the child, deadlines
//     still fire, the watchdog is restarted if it was on), but an operation
//     that another thread had in progress on a channel never completes
//     there: in the child, use only channels no other thread was using at the
//     fork (as with any mutex), or exec.
//   * A Channel is not copyable or movable: share it by reference, by pointer,
//     or hand out the Sender<T> / Receiver<T> views, which also say in a
//     signature who may close. The channel must outlive every view and every
//     blocked operation on it.
//
// Operations:
//   send(v)                  blocks until delivered (buffered: until there is room).
//   recv()                   blocks until a value arrives, or the channel is closed and
//                            drained (std::nullopt).
//   try_send(v) / try_recv() never block.
//   send_for / recv_for / send_until / recv_until   give up at a timeout.
//   send(v, stop_token) / recv(stop_token)          give up when stop is requested.
//   send(v, ctx) / recv(ctx)                        give up when the conc::Context is
//                                                    done (cancelled or past its deadline).
// Any timeout or time point is accepted: std::chrono::hours::max() or
// time_point::max() wait for ever (in effect: about 73 years), a negative
// timeout or a past time point gives up at once (after one try).
// A send that gives up (timeout, cancellation, full channel for try_send)
// returns false and has NOT moved from its argument: `ch.try_send(std::move(p))`
// leaves `p` intact when it fails. A recv that gives up returns std::nullopt;
// to tell "closed" from "timed out", use conc::select (conc/select.h) with a
// conc::after case, exactly as in Go.
//
// To wait on several channels at once, with a timeout or a default, see
// conc/select.h.
//
// Performance: a buffered channel is a lock-free ring (per-slot sequence
// numbers, as in Vyukov's bounded MPMC queue and crossbeam's array channel);
// a thread only takes a lock when it has to sleep. An unbuffered channel
// hands the value over directly from one thread to the other, as Go's runtime
// does: a sender that finds a receiver waiting moves the value into it and
// returns without waiting (and the other way round). A blocked thread
// spins only while that can pay: on an unbuffered channel it looks at the
// state its partner (the last thread on the other side) publishes, and
// parks at once when the partner sleeps, yields when the partner is
// preempted on its own CPU, spins longer while the partner is waking up,
// and never spins when it may run on one CPU only
// (conc/internal/adaptive_spin.h). A wake-up system call is made only when
// the other side really sleeps, and it wakes one waiter per value or free
// slot, never all of them (only close() wakes every waiter).
// T must be nothrow-move-constructible.
#pragma once

#include <atomic>
#include <bit>
#include <chrono>
#include <cstddef>
#include <iterator>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <stop_token>
#include <type_traits>
#include <utility>

#include "conc/internal/stacktrace.h"
#include "conc/internal/test_hooks.h"
#include "conc/internal/wait.h"
#include "conc/misuse.h"

namespace conc {

class Context;
template <class T>
class Channel;
template <class T>
class Sender;
template <class T>
class Receiver;

namespace internal {
// Defined in context.cpp: channel.h cannot include context.h (which needs
// channels for Context::done()).
std::stop_token ContextStopToken(const Context& ctx) noexcept;
Deadline ContextDeadline(const Context& ctx) noexcept;

// Blocks like an operation on a nil channel in Go: until the deadline or the
// stop request, forever otherwise.
void BlockForever(const Deadline& deadline, const std::stop_token* stop, BlockSite site);

[[gnu::cold]] void ReportChannelMisuse(MisuseKind kind, const void* channel,
                                       const Stack* first_close);

struct SelectAccess;

enum class OpStatus { kOk, kNotReady, kClosed };

template <class T>
struct ZeroSendPacket {
  T* source;
  std::atomic<std::uint32_t> ready{kHandoffPending};
};

template <class T>
struct ZeroRecvPacket {
  std::optional<T> value;
  std::atomic<std::uint32_t> ready{kHandoffPending};
};

// Saturating (conc/internal/deadline.h): hours::max() waits, it does not
// overflow into the past.
template <class Rep, class Period>
Deadline DeadlineAfter(std::chrono::duration<Rep, Period> timeout) {
  return SaturatedDeadlineAfter(timeout);
}

template <class C, class D>
Deadline ToDeadline(std::chrono::time_point<C, D> deadline) {
  return SaturatedDeadline(deadline);
}
}  // namespace internal

template <class T>
class Channel {
  static_assert(std::is_nothrow_move_constructible_v<T>,
                "conc::Channel<T> needs a nothrow move constructor: a throwing move "
                "would leave a half-written slot in the ring");
  static_assert(std::is_nothrow_destructible_v<T>);

 public:
  using value_type = T;

  // capacity 0: unbuffered (every send meets a receiver). capacity N: up to N
  // values wait in the channel.
  explicit Channel(std::size_t capacity = 0);
  // Destroys values still buffered. No operation may be in progress.
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // --- send ---------------------------------------------------------------
  // Every send returns true once the value is delivered (buffered: in the
  // ring; unbuffered: taken by a receiver), false when it gave up, in which
  // case an rvalue argument was not moved from. On a closed channel: misuse
  // (see conc/misuse.h); under MisusePolicy::kLog it returns false.

  // Blocks until delivered.
  template <class U = T>
  bool send(U&& value) {
    return forward_send(std::forward<U>(value), std::nullopt, nullptr, false);
  }
  // Blocks until delivered or stop is requested on `stop`.
  template <class U = T>
  bool send(U&& value, std::stop_token stop) {
    return forward_send(std::forward<U>(value), std::nullopt, &stop, false);
  }
  // Blocks until delivered or `ctx` is done (cancelled or past its deadline).
  template <class U = T>
  bool send(U&& value, const Context& ctx) {
    std::stop_token stop = internal::ContextStopToken(ctx);
    return forward_send(std::forward<U>(value), internal::ContextDeadline(ctx), &stop, false);
  }
  // Delivers only if that needs no waiting: room in the ring, or a receiver
  // already waiting on an unbuffered channel.
  template <class U = T>
  bool try_send(U&& value) {
    return forward_send(std::forward<U>(value), std::nullopt, nullptr, true);
  }
  // Blocks until delivered or `timeout` has passed.
  template <class U = T, class Rep, class Period>
  bool send_for(U&& value, std::chrono::duration<Rep, Period> timeout) {
    return forward_send(std::forward<U>(value), internal::DeadlineAfter(timeout), nullptr, false);
  }
  // Blocks until delivered or the clock reaches `deadline`.
  template <class U = T, class C, class D>
  bool send_until(U&& value, std::chrono::time_point<C, D> deadline) {
    return forward_send(std::forward<U>(value), internal::ToDeadline(deadline), nullptr, false);
  }

  // --- receive ------------------------------------------------------------
  // Every receive returns the next value, or std::nullopt: closed and
  // drained (or, for the variants that can give up, timed out / cancelled).

  // Blocks until a value arrives or the channel is closed and drained.
  std::optional<T> recv() { return recv_impl(std::nullopt, nullptr, false); }
  // ... or stop is requested on `stop`.
  std::optional<T> recv(std::stop_token stop) { return recv_impl(std::nullopt, &stop, false); }
  // ... or `ctx` is done.
  std::optional<T> recv(const Context& ctx) {
    std::stop_token stop = internal::ContextStopToken(ctx);
    return recv_impl(internal::ContextDeadline(ctx), &stop, false);
  }
  // Takes a value only if that needs no waiting (buffered and not empty, or
  // a sender already waiting on an unbuffered channel).
  std::optional<T> try_recv() { return recv_impl(std::nullopt, nullptr, true); }
  // ... or `timeout` has passed.
  template <class Rep, class Period>
  std::optional<T> recv_for(std::chrono::duration<Rep, Period> timeout) {
    return recv_impl(internal::DeadlineAfter(timeout), nullptr, false);
  }
  // ... or the clock reaches `deadline`.
  template <class C, class D>
  std::optional<T> recv_until(std::chrono::time_point<C, D> deadline) {
    return recv_impl(internal::ToDeadline(deadline), nullptr, false);
  }

  // --- close and queries --------------------------------------------------
  // Wakes every blocked receiver (they drain, then get std::nullopt) and every
  // blocked sender (misuse: send on closed channel). A second close is misuse,
  // reported with the stack of the first.
  void close();
  // True once close() has done its work (close() happens before a true
  // result); may still be false while close() runs.
  bool is_closed() const noexcept { return closed_.load(std::memory_order_acquire); }
  // As given to the constructor (Go's cap(ch)).
  std::size_t capacity() const noexcept { return capacity_; }
  // Values buffered now (Go's len(ch)); always 0 for an unbuffered channel.
  // A snapshot: synchronizes with nothing.
  std::size_t size() const noexcept;

  // Views that can only send (and close) / only receive; see below.
  Sender<T> sender() noexcept { return Sender<T>(*this); }
  Receiver<T> receiver() noexcept { return Receiver<T>(*this); }

  // --- range-for: receives until closed and drained -----------------------
  class iterator {
   public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(Channel* channel) : channel_(channel) { ++*this; }
    T& operator*() const { return *current_; }
    T* operator->() const { return &*current_; }
    iterator& operator++() {
      current_ = channel_->recv();
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const noexcept { return !current_.has_value(); }

   private:
    Channel* channel_ = nullptr;
    mutable std::optional<T> current_;
  };
  // Receives the first value (blocking); the iterator receives the next one
  // on each ++ and equals end() once the channel is closed and drained.
  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() noexcept { return {}; }

 private:
  friend struct internal::SelectAccess;
  using Deadline = internal::Deadline;
  using OpStatus = internal::OpStatus;

  struct Slot {
    std::atomic<std::size_t> stamp;
    alignas(T) unsigned char storage[sizeof(T)];
    T* get() noexcept { return std::launder(reinterpret_cast<T*>(storage)); }
  };
  struct Token {
    Slot* slot = nullptr;
    std::size_t stamp = 0;
  };

  template <class U>
  bool forward_send(U&& value, const Deadline& deadline, const std::stop_token* stop,
                    bool try_only) {
    if constexpr (std::is_same_v<std::remove_cvref_t<U>, T> && !std::is_lvalue_reference_v<U>) {
      return send_impl(value, deadline, stop, try_only);  // moves only on success
    } else {
      T copy(std::forward<U>(value));
      return send_impl(copy, deadline, stop, try_only);
    }
  }

  // The common case inline, for both compilers: one attempt on the ring, no
  // backoff state, no call. Everything else (full, empty, contended, closed,
  // unbuffered) goes to the out-of-line *_slow, which starts over. Without
  // this split g++ keeps start_send/start_recv out of line (bench/RESULTS.md,
  // issue 19: g++ 31 -> 22 ns, clang 24 -> 16.5 ns per send+recv pair).
  bool send_impl(T& value, const Deadline& deadline, const std::stop_token* stop,
                 bool try_only) {
    Token token;
    if (capacity_ != 0 && try_start_send_once(token)) [[likely]] {
      write(token, value);
      return true;
    }
    return send_slow(value, deadline, stop, try_only);
  }
  std::optional<T> recv_impl(const Deadline& deadline, const std::stop_token* stop,
                             bool try_only) {
    Token token;
    if (capacity_ != 0 && try_start_recv_once(token)) [[likely]] return read(token);
    return recv_slow(deadline, stop, try_only);
  }
  [[gnu::noinline]] bool send_slow(T& value, const Deadline& deadline,
                                   const std::stop_token* stop, bool try_only);
  [[gnu::noinline]] std::optional<T> recv_slow(const Deadline& deadline,
                                               const std::stop_token* stop, bool try_only);
  // One claim of the next slot, as start_send/start_recv do when nothing is
  // in the way; false means "take the slow path", never "full" or "closed".
  // A closed tail carries the mark bit, which no stamp has, so a send never
  // succeeds here on a closed channel.
  bool try_start_send_once(Token& token) noexcept {
    std::size_t tail = tail_.load(std::memory_order_relaxed);
    std::size_t index = tail & (mark_bit_ - 1);
    Slot& slot = slots_[index];
    if (slot.stamp.load(std::memory_order_acquire) != tail) return false;
    std::size_t new_tail = index + 1 < capacity_ ? tail + 1 : (tail & ~(one_lap_ - 1)) + one_lap_;
    if (!tail_.compare_exchange_strong(tail, new_tail, std::memory_order_seq_cst,
                                       std::memory_order_relaxed)) {
      return false;
    }
    token.slot = &slot;
    token.stamp = tail + 1;
    return true;
  }
  bool try_start_recv_once(Token& token) noexcept {
    std::size_t head = head_.load(std::memory_order_relaxed);
    std::size_t index = head & (mark_bit_ - 1);
    Slot& slot = slots_[index];
    if (slot.stamp.load(std::memory_order_acquire) != head + 1) return false;
    std::size_t new_head = index + 1 < capacity_ ? head + 1 : (head & ~(one_lap_ - 1)) + one_lap_;
    if (!head_.compare_exchange_strong(head, new_head, std::memory_order_seq_cst,
                                       std::memory_order_relaxed)) {
      return false;
    }
    token.slot = &slot;
    token.stamp = head + one_lap_;
    return true;
  }
  bool zero_send(T& value, const Deadline& deadline, const std::stop_token* stop, bool try_only);
  std::optional<T> zero_recv(const Deadline& deadline, const std::stop_token* stop,
                             bool try_only);

  // Buffered ring (capacity_ > 0).
  OpStatus start_send(Token& token) noexcept;
  void write(Token& token, T& value) noexcept;
  OpStatus start_recv(Token& token) noexcept;
  T read(Token& token) noexcept;
  bool ring_is_empty() const noexcept;
  bool ring_is_full() const noexcept;
  bool ring_is_closed() const noexcept {
    return (tail_.load(std::memory_order_seq_cst) & mark_bit_) != 0;
  }

  // Unbuffered handoff, also used by select. `self` is skipped as a partner.
  OpStatus zero_try_send(T& value, const internal::Waiter* self);
  OpStatus zero_try_recv(std::optional<T>& out, const internal::Waiter* self);
  // The partner's half of a handoff to a waiter it has selected: wake it
  // first (so that its wake-up overlaps the move), then move the value and
  // mark the packet ready.
  void hand_to_receiver(const internal::WaitEntry& receiver, T& value) noexcept {
    receiver.waiter->unpark();
    internal::test_hooks::Reach(internal::test_hooks::Point::kHandoffSelected, this);
    auto* packet = static_cast<internal::ZeroRecvPacket<T>*>(receiver.packet);
    packet->value.emplace(std::move(value));
    internal::MarkReady(packet->ready);
  }
  void take_from_sender(const internal::WaitEntry& sender, std::optional<T>& out) noexcept {
    sender.waiter->unpark();
    internal::test_hooks::Reach(internal::test_hooks::Point::kHandoffSelected, this);
    auto* packet = static_cast<internal::ZeroSendPacket<T>*>(sender.packet);
    out.emplace(std::move(*packet->source));
    internal::MarkReady(packet->ready);
  }

  [[gnu::cold]] void report_send_on_closed() const;

  static bool Expired(const Deadline& deadline) {
    return deadline && internal::Clock::now() >= *deadline;
  }
  static bool Stopped(const std::stop_token* stop) { return stop && stop->stop_requested(); }

  const std::size_t capacity_;
  std::size_t one_lap_ = 0;
  std::size_t mark_bit_ = 0;
  std::unique_ptr<Slot[]> slots_;
  alignas(64) std::atomic<std::size_t> head_{0};
  alignas(64) std::atomic<std::size_t> tail_{0};
  // Each wait list on its own line: a receiver that enrols must not take
  // the line holding the flag a sender reads on every send, nor the other
  // way round.
  alignas(64) internal::SyncWaitList senders_;    // buffered: waiting for room
  alignas(64) internal::SyncWaitList receivers_;  // buffered: waiting for a value

  // Unbuffered state, guarded by zero_mutex_; its own lines.
  alignas(64) internal::SpinMutex zero_mutex_;
  internal::WaitList zero_senders_ CONC_GUARDED_BY(zero_mutex_);
  internal::WaitList zero_receivers_ CONC_GUARDED_BY(zero_mutex_);
  bool zero_closed_ CONC_GUARDED_BY(zero_mutex_) = false;
  // The last thread that used each side: the partner a waiter on the other
  // side expects (Waiter::wait_until's hint; nullptr: not known).
  const internal::Waiter* zero_last_sender_ CONC_GUARDED_BY(zero_mutex_) = nullptr;
  const internal::Waiter* zero_last_receiver_ CONC_GUARDED_BY(zero_mutex_) = nullptr;

  mutable std::mutex close_mutex_;
  std::unique_ptr<internal::Stack> first_close_;
  std::atomic<bool> closed_{false};
};

// The sending end of a channel: send and close, no receive. Converts
// implicitly from Channel<T>&. A default-constructed Sender is nil: like a
// nil channel in Go, sends on it block forever (or until their timeout or
// cancellation), a select ignores it, and close() is misuse.
template <class T>
class Sender {
 public:
  // A nil Sender (see above).
  Sender() = default;
  // A view of `channel`, which must outlive it.
  Sender(Channel<T>& channel) noexcept : channel_(&channel) {}  // NOLINT: implicit on purpose

  // The channel's send, try_send, send_for and send_until, with the same
  // contract; on a nil Sender the blocking ones block until their timeout
  // or cancellation (forever without one), and try_send returns false.
  template <class U = T>
  bool send(U&& value) {
    if (!channel_) return block_forever(std::nullopt, nullptr);
    return channel_->send(std::forward<U>(value));
  }
  template <class U = T>
  bool send(U&& value, std::stop_token stop) {
    if (!channel_) return block_forever(std::nullopt, &stop);
    return channel_->send(std::forward<U>(value), std::move(stop));
  }
  template <class U = T>
  bool send(U&& value, const Context& ctx) {
    if (!channel_) {
      std::stop_token stop = internal::ContextStopToken(ctx);
      return block_forever(internal::ContextDeadline(ctx), &stop);
    }
    return channel_->send(std::forward<U>(value), ctx);
  }
  template <class U = T>
  bool try_send(U&& value) {
    return channel_ && channel_->try_send(std::forward<U>(value));
  }
  template <class U = T, class Rep, class Period>
  bool send_for(U&& value, std::chrono::duration<Rep, Period> timeout) {
    if (!channel_) return block_forever(internal::DeadlineAfter(timeout), nullptr);
    return channel_->send_for(std::forward<U>(value), timeout);
  }
  template <class U = T, class C, class D>
  bool send_until(U&& value, std::chrono::time_point<C, D> deadline) {
    if (!channel_) return block_forever(internal::ToDeadline(deadline), nullptr);
    return channel_->send_until(std::forward<U>(value), deadline);
  }
  // Closing a nil Sender is misuse, as closing a nil channel panics in Go
  // ("close of nil channel"); under MisusePolicy::kLog it does nothing.
  void close() {
    if (channel_ == nullptr) {
      internal::ReportMisuse(MisuseKind::kCloseOfNilChannel, "conc::Sender", nullptr, nullptr);
      return;
    }
    channel_->close();
  }
  // The channel's queries; false / 0 on a nil view.
  bool is_closed() const noexcept { return channel_ && channel_->is_closed(); }
  std::size_t capacity() const noexcept { return channel_ ? channel_->capacity() : 0; }
  std::size_t size() const noexcept { return channel_ ? channel_->size() : 0; }
  // False for a nil view.
  explicit operator bool() const noexcept { return channel_ != nullptr; }
  // The channel viewed, or nullptr.
  Channel<T>* channel() const noexcept { return channel_; }

 private:
  static bool block_forever(const internal::Deadline& deadline, const std::stop_token* stop) {
    internal::BlockForever(deadline, stop, {"chan send (nil chan)", nullptr});
    return false;
  }
  Channel<T>* channel_ = nullptr;
};

// The receiving end of a channel: receive and range-for, no send, no close.
// Converts implicitly from Channel<T>&. A default-constructed Receiver is nil:
// receives block forever (or until their timeout or cancellation), and a
// select ignores it (that is how conc::Context::background().done() works).
template <class T>
class Receiver {
 public:
  // A nil Receiver (see above).
  Receiver() = default;
  // A view of `channel`, which must outlive it.
  Receiver(Channel<T>& channel) noexcept : channel_(&channel) {}  // NOLINT: implicit on purpose

  // The channel's recv, try_recv, recv_for and recv_until, with the same
  // contract; on a nil Receiver the blocking ones block until their timeout
  // or cancellation (forever without one), and try_recv returns std::nullopt.

  std::optional<T> recv() {
    if (!channel_) return block_forever(std::nullopt, nullptr);
    return channel_->recv();
  }
  std::optional<T> recv(std::stop_token stop) {
    if (!channel_) return block_forever(std::nullopt, &stop);
    return channel_->recv(std::move(stop));
  }
  std::optional<T> recv(const Context& ctx) {
    if (!channel_) {
      std::stop_token stop = internal::ContextStopToken(ctx);
      return block_forever(internal::ContextDeadline(ctx), &stop);
    }
    return channel_->recv(ctx);
  }
  std::optional<T> try_recv() { return channel_ ? channel_->try_recv() : std::nullopt; }
  template <class Rep, class Period>
  std::optional<T> recv_for(std::chrono::duration<Rep, Period> timeout) {
    if (!channel_) return block_forever(internal::DeadlineAfter(timeout), nullptr);
    return channel_->recv_for(timeout);
  }
  template <class C, class D>
  std::optional<T> recv_until(std::chrono::time_point<C, D> deadline) {
    if (!channel_) return block_forever(internal::ToDeadline(deadline), nullptr);
    return channel_->recv_until(deadline);
  }
  // The channel's queries; false / 0 on a nil view.
  bool is_closed() const noexcept { return channel_ && channel_->is_closed(); }
  std::size_t capacity() const noexcept { return channel_ ? channel_->capacity() : 0; }
  std::size_t size() const noexcept { return channel_ ? channel_->size() : 0; }
  // False for a nil view.
  explicit operator bool() const noexcept { return channel_ != nullptr; }
  // The channel viewed, or nullptr.
  Channel<T>* channel() const noexcept { return channel_; }

  // range-for over the channel; over a nil Receiver it blocks forever.
  typename Channel<T>::iterator begin() {
    if (!channel_) block_forever(std::nullopt, nullptr);
    return channel_ ? channel_->begin() : typename Channel<T>::iterator();
  }
  std::default_sentinel_t end() noexcept { return {}; }

 private:
  static std::optional<T> block_forever(const internal::Deadline& deadline,
                                        const std::stop_token* stop) {
    internal::BlockForever(deadline, stop, {"chan receive (nil chan)", nullptr});
    return std::nullopt;
  }
  Channel<T>* channel_ = nullptr;
};

// ===========================================================================
// Implementation.
// ===========================================================================

template <class T>
Channel<T>::Channel(std::size_t capacity) : capacity_(capacity) {
  if (capacity_ == 0) return;
  // A position is {lap, mark bit, index}: the index below mark_bit_, the
  // closed mark (tail only), then the lap counter.
  mark_bit_ = std::bit_ceil(capacity_ + 1);
  one_lap_ = mark_bit_ * 2;
  slots_ = std::make_unique<Slot[]>(capacity_);
  for (std::size_t i = 0; i < capacity_; ++i) slots_[i].stamp.store(i, std::memory_order_relaxed);
}

template <class T>
Channel<T>::~Channel() {
  if (capacity_ == 0) return;
  std::size_t head = head_.load(std::memory_order_relaxed);
  std::size_t tail = tail_.load(std::memory_order_relaxed) & ~mark_bit_;
  while (head != tail) {
    std::size_t index = head & (mark_bit_ - 1);
    slots_[index].get()->~T();
    head = index + 1 < capacity_ ? head + 1 : (head & ~(one_lap_ - 1)) + one_lap_;
  }
}

template <class T>
typename internal::OpStatus Channel<T>::start_send(Token& token) noexcept {
  internal::Backoff backoff;
  std::size_t tail = tail_.load(std::memory_order_relaxed);
  for (;;) {
    if (tail & mark_bit_) return OpStatus::kClosed;
    std::size_t index = tail & (mark_bit_ - 1);
    std::size_t lap = tail & ~(one_lap_ - 1);
    Slot& slot = slots_[index];
    std::size_t stamp = slot.stamp.load(std::memory_order_acquire);
    if (tail == stamp) {
      std::size_t new_tail = index + 1 < capacity_ ? tail + 1 : lap + one_lap_;
      if (tail_.compare_exchange_weak(tail, new_tail, std::memory_order_seq_cst,
                                      std::memory_order_relaxed)) {
        token.slot = &slot;
        token.stamp = tail + 1;
        return OpStatus::kOk;
      }
      backoff.spin();
    } else if (stamp + one_lap_ == tail + 1) {
      // The slot still holds last lap's value: full, unless a receiver is
      // just now taking it.
      std::atomic_thread_fence(std::memory_order_seq_cst);
      std::size_t head = head_.load(std::memory_order_relaxed);
      if (head + one_lap_ == tail) return OpStatus::kNotReady;
      backoff.spin();
      tail = tail_.load(std::memory_order_relaxed);
    } else {
      backoff.snooze();
      tail = tail_.load(std::memory_order_relaxed);
    }
  }
}

template <class T>
void Channel<T>::write(Token& token, T& value) noexcept {
  ::new (static_cast<void*>(token.slot->storage)) T(std::move(value));
  token.slot->stamp.store(token.stamp, std::memory_order_release);
  receivers_.notify();
}

template <class T>
typename internal::OpStatus Channel<T>::start_recv(Token& token) noexcept {
  internal::Backoff backoff;
  std::size_t head = head_.load(std::memory_order_relaxed);
  for (;;) {
    std::size_t index = head & (mark_bit_ - 1);
    std::size_t lap = head & ~(one_lap_ - 1);
    Slot& slot = slots_[index];
    std::size_t stamp = slot.stamp.load(std::memory_order_acquire);
    if (head + 1 == stamp) {
      std::size_t new_head = index + 1 < capacity_ ? head + 1 : lap + one_lap_;
      if (head_.compare_exchange_weak(head, new_head, std::memory_order_seq_cst,
                                      std::memory_order_relaxed)) {
        token.slot = &slot;
        token.stamp = head + one_lap_;
        return OpStatus::kOk;
      }
      backoff.spin();
    } else if (stamp == head) {
      std::atomic_thread_fence(std::memory_order_seq_cst);
      // acquire: when this sees close()'s mark, close() happens before the
      // std::nullopt this receive returns (see the file comment).
      std::size_t tail = tail_.load(std::memory_order_acquire);
      if ((tail & ~mark_bit_) == head) {
        return (tail & mark_bit_) ? OpStatus::kClosed : OpStatus::kNotReady;
      }
      backoff.spin();
      head = head_.load(std::memory_order_relaxed);
    } else {
      backoff.snooze();
      head = head_.load(std::memory_order_relaxed);
    }
  }
}

template <class T>
T Channel<T>::read(Token& token) noexcept {
  T* stored = token.slot->get();
  T value(std::move(*stored));
  stored->~T();
  token.slot->stamp.store(token.stamp, std::memory_order_release);
  senders_.notify();
  return value;
}

template <class T>
bool Channel<T>::ring_is_empty() const noexcept {
  std::size_t head = head_.load(std::memory_order_seq_cst);
  std::size_t tail = tail_.load(std::memory_order_seq_cst);
  return (tail & ~mark_bit_) == head;
}

template <class T>
bool Channel<T>::ring_is_full() const noexcept {
  std::size_t tail = tail_.load(std::memory_order_seq_cst);
  std::size_t head = head_.load(std::memory_order_seq_cst);
  return head + one_lap_ == (tail & ~mark_bit_);
}

template <class T>
std::size_t Channel<T>::size() const noexcept {
  if (capacity_ == 0) return 0;
  for (;;) {
    std::size_t tail = tail_.load(std::memory_order_seq_cst);
    std::size_t head = head_.load(std::memory_order_seq_cst);
    if (tail_.load(std::memory_order_seq_cst) != tail) continue;
    std::size_t hix = head & (mark_bit_ - 1);
    std::size_t tix = tail & (mark_bit_ - 1);
    if (hix < tix) return tix - hix;
    if (hix > tix) return capacity_ - hix + tix;
    return (tail & ~mark_bit_) == head ? 0 : capacity_;
  }
}

template <class T>
bool Channel<T>::send_slow(T& value, const Deadline& deadline, const std::stop_token* stop,
                           bool try_only) {
  if (capacity_ == 0) return zero_send(value, deadline, stop, try_only);
  Token token;
  for (;;) {
    internal::Backoff backoff;
    for (;;) {
      OpStatus status = start_send(token);
      if (status == OpStatus::kOk) {
        write(token, value);
        return true;
      }
      if (status == OpStatus::kClosed) {
        report_send_on_closed();
        return false;
      }
      if (try_only || backoff.completed()) break;
      backoff.snooze();
    }
    if (try_only || Stopped(stop) || Expired(deadline)) return false;
    internal::Waiter& waiter = internal::Waiter::current();
    waiter.reset();
    auto operation = reinterpret_cast<std::uintptr_t>(&token);
    senders_.add(&waiter, operation);
    if (!ring_is_full() || ring_is_closed()) waiter.try_select(internal::kAborted);
    std::uintptr_t selected = waiter.wait_until(deadline, stop, {"chan send", this});
    if (selected != operation) senders_.remove(operation);
  }
}

template <class T>
std::optional<T> Channel<T>::recv_slow(const Deadline& deadline, const std::stop_token* stop,
                                       bool try_only) {
  if (capacity_ == 0) return zero_recv(deadline, stop, try_only);
  Token token;
  for (;;) {
    internal::Backoff backoff;
    for (;;) {
      OpStatus status = start_recv(token);
      if (status == OpStatus::kOk) return read(token);
      if (status == OpStatus::kClosed) return std::nullopt;
      if (try_only || backoff.completed()) break;
      backoff.snooze();
    }
    if (try_only || Stopped(stop) || Expired(deadline)) return std::nullopt;
    internal::Waiter& waiter = internal::Waiter::current();
    waiter.reset();
    auto operation = reinterpret_cast<std::uintptr_t>(&token);
    receivers_.add(&waiter, operation);
    if (!ring_is_empty() || ring_is_closed()) waiter.try_select(internal::kAborted);
    std::uintptr_t selected = waiter.wait_until(deadline, stop, {"chan receive", this});
    if (selected != operation) receivers_.remove(operation);
  }
}

template <class T>
typename internal::OpStatus Channel<T>::zero_try_send(T& value, const internal::Waiter* self) {
  std::optional<internal::WaitEntry> receiver;
  {
    internal::SpinLockGuard lock(zero_mutex_);
    if (zero_closed_) return OpStatus::kClosed;
    if (self != nullptr) zero_last_sender_ = self;
    receiver = zero_receivers_.select_one(self);
  }
  if (!receiver) return OpStatus::kNotReady;
  hand_to_receiver(*receiver, value);
  return OpStatus::kOk;
}

template <class T>
typename internal::OpStatus Channel<T>::zero_try_recv(std::optional<T>& out,
                                                      const internal::Waiter* self) {
  std::optional<internal::WaitEntry> sender;
  bool closed;
  {
    internal::SpinLockGuard lock(zero_mutex_);
    if (self != nullptr) zero_last_receiver_ = self;
    sender = zero_senders_.select_one(self);
    closed = zero_closed_;
  }
  if (!sender) return closed ? OpStatus::kClosed : OpStatus::kNotReady;
  take_from_sender(*sender, out);
  return OpStatus::kOk;
}

template <class T>
bool Channel<T>::zero_send(T& value, const Deadline& deadline, const std::stop_token* stop,
                           bool try_only) {
  internal::Waiter* const self = internal::Waiter::current_if_any();
  internal::SpinUniqueLock lock(zero_mutex_);
  if (zero_closed_) {
    lock.unlock();
    report_send_on_closed();
    return false;
  }
  zero_last_sender_ = self;
  if (std::optional<internal::WaitEntry> receiver = zero_receivers_.select_one(nullptr)) {
    lock.unlock();
    hand_to_receiver(*receiver, value);
    return true;
  }
  if (try_only || Stopped(stop) || Expired(deadline)) return false;
  if (self == nullptr) {
    // The thread's first wait allocates its Waiter (and may throw), not
    // under the channel's lock; then start over. Later waits keep the lock
    // from the check above to the enrolment: no window in which the partner
    // could take it and enrol on the other side.
    lock.unlock();
    internal::Waiter::current();
    return zero_send(value, deadline, stop, try_only);
  }
  internal::Waiter& waiter = *self;
  waiter.reset();
  internal::ZeroSendPacket<T> packet{&value};
  auto operation = reinterpret_cast<std::uintptr_t>(&packet);
  zero_senders_.add(&waiter, operation, &packet);  // may throw: the lock is released
  zero_last_sender_ = &waiter;
  const internal::Waiter* const partner = zero_last_receiver_;
  lock.unlock();
  std::uintptr_t selected = waiter.wait_until(deadline, stop, {"chan send", this}, partner);
  if (selected == operation) {
    internal::WaitReady(packet.ready, this);
    return true;
  }
  lock.lock();
  zero_senders_.remove(operation);
  lock.unlock();
  if (selected == internal::kDisconnected) report_send_on_closed();
  return false;
}

template <class T>
std::optional<T> Channel<T>::zero_recv(const Deadline& deadline, const std::stop_token* stop,
                                       bool try_only) {
  internal::Waiter* const self = internal::Waiter::current_if_any();
  internal::SpinUniqueLock lock(zero_mutex_);
  zero_last_receiver_ = self;
  if (std::optional<internal::WaitEntry> sender = zero_senders_.select_one(nullptr)) {
    lock.unlock();
    std::optional<T> out;
    take_from_sender(*sender, out);
    return out;
  }
  if (zero_closed_ || try_only || Stopped(stop) || Expired(deadline)) return std::nullopt;
  if (self == nullptr) {  // the thread's first wait: as in zero_send
    lock.unlock();
    internal::Waiter::current();
    return zero_recv(deadline, stop, try_only);
  }
  internal::Waiter& waiter = *self;
  waiter.reset();
  internal::ZeroRecvPacket<T> packet;
  auto operation = reinterpret_cast<std::uintptr_t>(&packet);
  zero_receivers_.add(&waiter, operation, &packet);  // may throw: the lock is released
  zero_last_receiver_ = &waiter;
  const internal::Waiter* const partner = zero_last_sender_;
  lock.unlock();
  std::uintptr_t selected = waiter.wait_until(deadline, stop, {"chan receive", this}, partner);
  if (selected == operation) {
    internal::WaitReady(packet.ready, this);
    return std::move(packet.value);
  }
  lock.lock();
  zero_receivers_.remove(operation);
  lock.unlock();
  return std::nullopt;
}

template <class T>
void Channel<T>::close() {
  std::unique_lock<std::mutex> lock(close_mutex_);
  if (first_close_) {
    lock.unlock();  // first_close_ never changes again
    internal::ReportChannelMisuse(MisuseKind::kDoubleClose, this, first_close_.get());
    return;
  }
  auto stack = std::make_unique<internal::Stack>();
  internal::CaptureStack(*stack);
  first_close_ = std::move(stack);
  if (capacity_ == 0) {
    internal::SpinLockGuard zero_lock(zero_mutex_);
    zero_closed_ = true;
    zero_senders_.disconnect();
    zero_receivers_.disconnect();
  } else {
    tail_.fetch_or(mark_bit_, std::memory_order_seq_cst);
    senders_.disconnect();
    receivers_.disconnect();
  }
  closed_.store(true, std::memory_order_release);
}

template <class T>
void Channel<T>::report_send_on_closed() const {
  const internal::Stack* first = nullptr;
  {
    // Whoever closed held close_mutex_ from recording its stack until the
    // channel looked closed; taking it here makes that stack visible.
    std::lock_guard<std::mutex> lock(close_mutex_);
    first = first_close_.get();
  }
  internal::ReportChannelMisuse(MisuseKind::kSendOnClosed, this, first);
}

}  // namespace conc
