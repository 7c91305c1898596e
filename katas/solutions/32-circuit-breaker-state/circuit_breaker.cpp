#include "circuit_breaker.h"

CircuitBreaker::CircuitBreaker(int failure_threshold, Clock::duration cooldown,
                               std::function<Clock::time_point()> now)
    : threshold_(failure_threshold), cooldown_(cooldown), now_(std::move(now)) {}

void CircuitBreaker::enter(BreakerState state) {
  state_ = state;
  failures_ = 0;
  trial_running_ = false;
  ++generation_;  // results of requests that started before now are old news
  if (state == BreakerState::Open) opened_at_ = now_();
}

std::uint64_t CircuitBreaker::before_request() {
  std::lock_guard lock(mutex_);
  if (state_ == BreakerState::Open) {
    if (now_() - opened_at_ < cooldown_) throw BreakerOpen("circuit open");
    enter(BreakerState::HalfOpen);
  }
  if (state_ == BreakerState::HalfOpen) {
    if (trial_running_) throw BreakerOpen("circuit half-open: a trial request is running");
    trial_running_ = true;  // this request is the trial
  }
  return generation_;
}

void CircuitBreaker::after_request(std::uint64_t generation, bool succeeded) {
  std::lock_guard lock(mutex_);
  if (generation != generation_) return;
  if (state_ == BreakerState::HalfOpen) {
    enter(succeeded ? BreakerState::Closed : BreakerState::Open);
  } else if (succeeded) {
    failures_ = 0;
  } else if (++failures_ >= threshold_) {
    enter(BreakerState::Open);
  }
}

void CircuitBreaker::call(const std::function<void()>& request) {
  const std::uint64_t generation = before_request();
  try {
    request();  // not under the lock: it may take seconds
  } catch (...) {
    after_request(generation, false);
    throw;
  }
  after_request(generation, true);
}

BreakerState CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}
