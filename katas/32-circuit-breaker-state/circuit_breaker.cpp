#include "circuit_breaker.h"

CircuitBreaker::CircuitBreaker(int failure_threshold, Clock::duration cooldown,
                               std::function<Clock::time_point()> now)
    : threshold_(failure_threshold), cooldown_(cooldown), now_(std::move(now)) {}

void CircuitBreaker::call(const std::function<void()>& request) {
  if (state_.load() == BreakerState::Open) {
    if (now_() - opened_at_.load() < cooldown_) throw BreakerOpen("circuit open");
    state_.store(BreakerState::HalfOpen);  // cooled down: let a trial through
  }
  try {
    request();
  } catch (...) {
    if (state_.load() == BreakerState::HalfOpen || ++failures_ >= threshold_) {
      opened_at_.store(now_());
      state_.store(BreakerState::Open);
    }
    throw;
  }
  failures_.store(0);
  state_.store(BreakerState::Closed);
}

BreakerState CircuitBreaker::state() const { return state_.load(); }
