#pragma once
#include <functional>
#include <optional>
#include <semaphore>
#include <string>

// The gateway in front of the stock service, which serves at most
// `max_in_flight` requests at once (its connection pool is that big). Any
// number of request threads call the gateway; it lets at most
// `max_in_flight` of them into the backend at the same time, whatever
// happens to their calls.
class Gateway {
 public:
  // Sends one request and returns the reply; throws whatever the backend
  // throws (a timeout, a refused connection, a bad request).
  using Backend = std::function<std::string(const std::string& request)>;

  // Throws std::invalid_argument when max_in_flight < 1.
  Gateway(int max_in_flight, Backend backend);

  // Waits for a free slot, then sends the request. Rethrows the backend's
  // exception.
  std::string call(const std::string& request);

  // Sends the request if a slot is free now, else returns nullopt at once
  // (the caller answers "busy, retry later"). Rethrows the backend's
  // exception.
  std::optional<std::string> try_call(const std::string& request);

 private:
  // One acquired slot: gives it back when it goes out of scope, on every
  // path (Go: `sem <- struct{}{}; defer func() { <-sem }()`).
  class Slot {
   public:
    explicit Slot(std::counting_semaphore<>& slots) : slots_(slots) {}
    ~Slot() { slots_.release(); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    std::counting_semaphore<>& slots_;
  };

  static int checked(int max_in_flight);

  std::counting_semaphore<> slots_;
  Backend backend_;
};
