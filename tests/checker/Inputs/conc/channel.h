// Mock of conc/channel.h (branch prims, runtime-probes/include/conc/) for
// checker scenarios: the same names and signatures, no implementation.
#pragma once
#include <chrono>
#include <cstddef>
#include <iterator>
#include <optional>
#include <stop_token>

namespace conc {

class Context;
template <class T> class Sender;
template <class T> class Receiver;

template <class T> class Channel {
public:
  explicit Channel(std::size_t capacity = 0);
  Channel(const Channel &) = delete;
  Channel &operator=(const Channel &) = delete;

  template <class U = T> bool send(U &&value) { return (void)value, true; }
  template <class U = T> bool send(U &&value, std::stop_token stop) {
    return (void)value, (void)stop, true;
  }
  template <class U = T> bool send(U &&value, const Context &ctx) {
    return (void)value, (void)ctx, true;
  }
  template <class U = T> bool try_send(U &&value) { return (void)value, true; }
  template <class U = T, class Rep, class Period>
  bool send_for(U &&value, std::chrono::duration<Rep, Period> timeout) {
    return (void)value, (void)timeout, true;
  }
  template <class U = T, class C, class D>
  bool send_until(U &&value, std::chrono::time_point<C, D> deadline) {
    return (void)value, (void)deadline, true;
  }

  std::optional<T> recv();
  std::optional<T> recv(std::stop_token stop);
  std::optional<T> recv(const Context &ctx);
  std::optional<T> try_recv();
  template <class Rep, class Period>
  std::optional<T> recv_for(std::chrono::duration<Rep, Period> timeout) {
    return (void)timeout, std::nullopt;
  }
  template <class C, class D>
  std::optional<T> recv_until(std::chrono::time_point<C, D> deadline) {
    return (void)deadline, std::nullopt;
  }

  void close();
  bool is_closed() const noexcept;
  std::size_t capacity() const noexcept;
  std::size_t size() const noexcept;

  Sender<T> sender() noexcept;
  Receiver<T> receiver() noexcept;

  class iterator {
  public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    T &operator*() const;
    iterator &operator++();
    void operator++(int);
    bool operator==(std::default_sentinel_t) const noexcept;
  };
  iterator begin();
  std::default_sentinel_t end() noexcept { return {}; }
};

template <class T> class Sender {
public:
  Sender() = default;
  Sender(Channel<T> &channel) noexcept;
  template <class U = T> bool send(U &&value) { return (void)value, true; }
  template <class U = T> bool send(U &&value, std::stop_token stop) {
    return (void)value, (void)stop, true;
  }
  template <class U = T> bool send(U &&value, const Context &ctx) {
    return (void)value, (void)ctx, true;
  }
  template <class U = T> bool try_send(U &&value) { return (void)value, true; }
  void close();
  bool is_closed() const noexcept;
};

template <class T> class Receiver {
public:
  Receiver() = default;
  Receiver(Channel<T> &channel) noexcept;
  std::optional<T> recv();
  std::optional<T> recv(std::stop_token stop);
  std::optional<T> recv(const Context &ctx);
  std::optional<T> try_recv();
  bool is_closed() const noexcept;
};

} // namespace conc
