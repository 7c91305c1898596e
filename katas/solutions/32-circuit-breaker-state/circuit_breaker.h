#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>

// Thrown by CircuitBreaker::call when it refuses to run a request.
class BreakerOpen : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class BreakerState { Closed, Open, HalfOpen };

// A circuit breaker in front of a flaky dependency, shared by all request
// threads. Rules:
// - Closed: requests run; `failure_threshold` failures in a row open it.
// - Open: requests are refused until `cooldown` has passed since it opened;
//   then the next request runs as the one trial (half-open).
// - Half-open: while the trial runs, every other request is refused. The
//   trial's success closes the breaker; its failure opens it again, for
//   another cooldown.
// A request fails when it throws (call() rethrows). The result of a request
// that started before the breaker last changed state is old news and does
// not change it.
class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  // `now` is the clock (tests pass a fake one).
  CircuitBreaker(int failure_threshold, Clock::duration cooldown,
                 std::function<Clock::time_point()> now = Clock::now);

  // Runs `request`, or throws BreakerOpen without running it.
  void call(const std::function<void()>& request);

  BreakerState state() const;

 private:
  // Decides whether a request may run (throws BreakerOpen if not) and
  // returns the generation it runs in.
  std::uint64_t before_request();
  // Records the result of a request that ran in `generation`.
  void after_request(std::uint64_t generation, bool succeeded);
  // The caller holds mutex_.
  void enter(BreakerState state);

  const int threshold_;
  const Clock::duration cooldown_;
  const std::function<Clock::time_point()> now_;

  // One lock for the whole state machine: every transition reads and writes
  // these fields together. The request itself runs without it.
  mutable std::mutex mutex_;
  BreakerState state_ = BreakerState::Closed;
  int failures_ = 0;                 // in a row, while closed
  Clock::time_point opened_at_{};    // while open
  bool trial_running_ = false;       // while half-open
  std::uint64_t generation_ = 0;     // changes with every state change
};
