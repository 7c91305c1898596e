// Mock of conc/channel.h for checker scenarios: the names and signatures of
// the runtime's conc::Channel, no implementation.
#pragma once
#include <chrono>
#include <cstddef>
#include <optional>

namespace conc {

template <typename T> class Channel {
public:
  explicit Channel(std::size_t capacity = 0);
  Channel(const Channel &) = delete;
  Channel &operator=(const Channel &) = delete;

  bool send(T value);
  bool try_send(T value);
  template <typename Rep, typename Period>
  bool send_for(T value, std::chrono::duration<Rep, Period> timeout) { (void)value; (void)timeout; return false; }
  std::optional<T> recv();
  std::optional<T> try_recv();
  template <typename Rep, typename Period>
  std::optional<T> recv_for(std::chrono::duration<Rep, Period> timeout) { (void)timeout; return std::nullopt; }
  void close();
  bool closed() const;
};

template <typename T> class Sender {
public:
  Sender(Channel<T> &channel);
  bool send(T value);
  bool try_send(T value);
  template <typename Rep, typename Period>
  bool send_for(T value, std::chrono::duration<Rep, Period> timeout) { (void)value; (void)timeout; return false; }
  void close();
};

template <typename T> class Receiver {
public:
  Receiver(Channel<T> &channel);
  std::optional<T> recv();
  std::optional<T> try_recv();
  template <typename Rep, typename Period>
  std::optional<T> recv_for(std::chrono::duration<Rep, Period> timeout) { (void)timeout; return std::nullopt; }
};

} // namespace conc
