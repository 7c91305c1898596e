// conc/internal/select_cases.h: the machinery behind conc::select
// (conc/select.h): the case types the case makers return, the type-erased
// SelectCase that RunSelect (select.cpp) drives, and the privileged access
// to a channel's internals that a select needs.
//
// Not public API: include conc/select.h.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <type_traits>
#include <utility>

#include "conc/channel.h"

namespace conc::internal {

// Privileged access to a channel's select hooks.
struct SelectAccess {
  template <class T>
  static OpStatus try_recv(Channel<T>& ch, std::optional<T>& out, const Waiter* self) {
    if (ch.capacity_ == 0) return ch.zero_try_recv(out, self);
    typename Channel<T>::Token token;
    OpStatus status = ch.start_recv(token);
    if (status == OpStatus::kOk) out.emplace(ch.read(token));
    return status;
  }
  template <class T>
  static OpStatus try_send(Channel<T>& ch, T& value, const Waiter* self) {
    OpStatus status;
    if (ch.capacity_ == 0) {
      status = ch.zero_try_send(value, self);
    } else {
      typename Channel<T>::Token token;
      status = ch.start_send(token);
      if (status == OpStatus::kOk) ch.write(token, value);
    }
    if (status == OpStatus::kClosed) ch.report_send_on_closed();
    return status;
  }
  // Registers a waiting receive; true when the case turned ready meanwhile.
  // `partner`: the thread expected to answer, when the channel knows it.
  template <class T>
  static bool enroll_recv(Channel<T>& ch, Waiter& waiter, std::uintptr_t operation,
                          ZeroRecvPacket<T>* packet, const Waiter*& partner) {
    if (ch.capacity_ == 0) {
      SpinLockGuard lock(ch.zero_mutex_);
      if (ch.zero_closed_ || ch.zero_senders_.has_other(&waiter)) return true;
      ch.zero_receivers_.add(&waiter, operation, packet);
      ch.zero_last_receiver_ = &waiter;
      partner = ch.zero_last_sender_;
      return false;
    }
    ch.receivers_.add(&waiter, operation);
    return !ch.ring_is_empty() || ch.ring_is_closed();
  }
  template <class T>
  static bool enroll_send(Channel<T>& ch, Waiter& waiter, std::uintptr_t operation,
                          ZeroSendPacket<T>* packet, const Waiter*& partner) {
    if (ch.capacity_ == 0) {
      SpinLockGuard lock(ch.zero_mutex_);
      if (ch.zero_closed_ || ch.zero_receivers_.has_other(&waiter)) return true;
      ch.zero_senders_.add(&waiter, operation, packet);
      ch.zero_last_sender_ = &waiter;
      partner = ch.zero_last_receiver_;
      return false;
    }
    ch.senders_.add(&waiter, operation);
    return !ch.ring_is_full() || ch.ring_is_closed();
  }
  template <class T>
  static void withdraw_recv(Channel<T>& ch, std::uintptr_t operation) {
    if (ch.capacity_ == 0) {
      SpinLockGuard lock(ch.zero_mutex_);
      ch.zero_receivers_.remove(operation);
    } else {
      ch.receivers_.remove(operation);
    }
  }
  template <class T>
  static void withdraw_send(Channel<T>& ch, std::uintptr_t operation) {
    if (ch.capacity_ == 0) {
      SpinLockGuard lock(ch.zero_mutex_);
      ch.zero_senders_.remove(operation);
    } else {
      ch.senders_.remove(operation);
    }
  }
  template <class T>
  static bool unbuffered(const Channel<T>& ch) {
    return ch.capacity_ == 0;
  }
};

// One waiting case of a select, type-erased. Its address is its operation id.
class SelectCase {
 public:
  virtual ~SelectCase() = default;
  virtual bool nil() const noexcept = 0;
  // Performs the operation if it can proceed now.
  virtual OpStatus try_now(const Waiter* self) = 0;
  // Registers the case; true if it became ready meanwhile.
  virtual bool enroll(Waiter& waiter) = 0;
  virtual void withdraw() noexcept = 0;
  // Completes the operation after the case was selected; kNotReady when a
  // competitor took the value or the room first.
  virtual OpStatus accept(Waiter& waiter) = 0;
  // Runs the user's callback.
  virtual void complete() = 0;
  std::uintptr_t operation() const noexcept { return reinterpret_cast<std::uintptr_t>(this); }
  int position = 0;
  // Set by enroll() when the channel knows who is expected to answer (the
  // last thread on its other side); the select's spin follows that thread.
  const Waiter* partner = nullptr;
};

// Runs the select protocol over `cases`. Returns the index into `cases` of
// the case taken, or -1 when the deadline passed or, with `nonblocking`,
// nothing was ready.
int RunSelect(SelectCase* const* cases, int count, const Deadline& deadline, bool nonblocking);

template <class F, class... Args>
void InvokeCallback(F& fn, Args&&... args) {
  if constexpr (std::is_invocable_v<F&, Args&&...>) {
    std::invoke(fn, std::forward<Args>(args)...);
  } else {
    static_assert(std::is_invocable_v<F&>,
                  "a select callback takes the case's value (std::optional<T>) or nothing");
    std::invoke(fn);
  }
}

struct NoCallback {
  void operator()() const noexcept {}
};

template <class T, class F>
class RecvCase final : public SelectCase {
 public:
  RecvCase(Channel<T>* channel, F fn) : channel_(channel), fn_(std::move(fn)) {}
  bool nil() const noexcept override { return channel_ == nullptr; }
  OpStatus try_now(const Waiter* self) override {
    return SelectAccess::try_recv(*channel_, value_, self);
  }
  bool enroll(Waiter& waiter) override {
    return SelectAccess::enroll_recv(*channel_, waiter, operation(), &packet_, partner);
  }
  void withdraw() noexcept override { SelectAccess::withdraw_recv(*channel_, operation()); }
  OpStatus accept(Waiter& waiter) override {
    if (SelectAccess::unbuffered(*channel_)) {
      WaitReady(packet_.ready, channel_);
      value_ = std::move(packet_.value);
      return OpStatus::kOk;
    }
    return try_now(&waiter);
  }
  void complete() override { InvokeCallback(fn_, std::move(value_)); }

 private:
  Channel<T>* channel_;
  F fn_;
  std::optional<T> value_;
  ZeroRecvPacket<T> packet_;
};

template <class T, class F>
class SendCase final : public SelectCase {
 public:
  SendCase(Channel<T>* channel, T* source, std::optional<T> owned, F fn)
      : channel_(channel), owned_(std::move(owned)), fn_(std::move(fn)) {
    source_ = owned_ ? &*owned_ : source;
    packet_.source = source_;
  }
  bool nil() const noexcept override { return channel_ == nullptr; }
  OpStatus try_now(const Waiter* self) override {
    const OpStatus status = SelectAccess::try_send(*channel_, *source_, self);
    refused_ = status == OpStatus::kClosed;  // reported as misuse; under kLog we get here
    return status;
  }
  bool enroll(Waiter& waiter) override {
    return SelectAccess::enroll_send(*channel_, waiter, operation(), &packet_, partner);
  }
  void withdraw() noexcept override { SelectAccess::withdraw_send(*channel_, operation()); }
  OpStatus accept(Waiter& waiter) override {
    if (SelectAccess::unbuffered(*channel_)) {
      WaitReady(packet_.ready, channel_);
      return OpStatus::kOk;
    }
    return try_now(&waiter);
  }
  // A send refused on a closed channel did not happen: its callback, which
  // means "sent", does not run.
  void complete() override {
    if (!refused_) InvokeCallback(fn_);
  }

 private:
  Channel<T>* channel_;
  bool refused_ = false;
  std::optional<T> owned_;
  T* source_ = nullptr;
  F fn_;
  ZeroSendPacket<T> packet_{nullptr};
};

template <class F>
class StopCase final : public SelectCase {
 public:
  StopCase(std::stop_token token, F fn) : token_(std::move(token)), fn_(std::move(fn)) {}
  bool nil() const noexcept override { return !token_.stop_possible(); }
  OpStatus try_now(const Waiter*) override {
    return token_.stop_requested() ? OpStatus::kOk : OpStatus::kNotReady;
  }
  bool enroll(Waiter& waiter) override {
    callback_.emplace(token_, Wake{&waiter, operation()});
    return token_.stop_requested();
  }
  void withdraw() noexcept override { callback_.reset(); }
  OpStatus accept(Waiter&) override { return OpStatus::kOk; }
  void complete() override { InvokeCallback(fn_); }

 private:
  struct Wake {
    Waiter* waiter;
    std::uintptr_t operation;
    void operator()() const noexcept {
      if (waiter->try_select(operation)) waiter->unpark();
    }
  };
  std::stop_token token_;
  F fn_;
  std::optional<std::stop_callback<Wake>> callback_;
};

template <class F>
struct AfterCase {
  Clock::duration timeout;
  F fn;
};

template <class F>
struct DefaultCase {
  F fn;
};

template <class C>
inline constexpr bool kIsAfter = false;
template <class F>
inline constexpr bool kIsAfter<AfterCase<F>> = true;
template <class C>
inline constexpr bool kIsDefault = false;
template <class F>
inline constexpr bool kIsDefault<DefaultCase<F>> = true;

template <class T, class U>
std::optional<T> OwnedSendValue(U&& value) {
  if constexpr (std::is_same_v<std::remove_cvref_t<U>, T> && !std::is_lvalue_reference_v<U>) {
    return std::nullopt;
  } else {
    return std::optional<T>(std::in_place, std::forward<U>(value));
  }
}

template <class T, class U>
T* BorrowedSendValue(U&& value) {
  if constexpr (std::is_same_v<std::remove_cvref_t<U>, T> && !std::is_lvalue_reference_v<U>) {
    return &value;
  } else {
    return nullptr;
  }
}

}  // namespace conc::internal
