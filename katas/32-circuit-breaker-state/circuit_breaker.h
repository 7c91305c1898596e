#pragma once
#include <atomic>
#include <chrono>
#include <functional>
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
  const int threshold_;
  const Clock::duration cooldown_;
  const std::function<Clock::time_point()> now_;
  // Lock-free: every field is atomic, so the breaker costs no lock on the
  // request path.
  std::atomic<BreakerState> state_{BreakerState::Closed};
  std::atomic<int> failures_{0};
  std::atomic<Clock::time_point> opened_at_{};
};
