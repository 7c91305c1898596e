#pragma once
#include <chrono>
#include <functional>
#include <mutex>

// A token-bucket rate limiter. The bucket holds at most `burst` tokens and
// starts full; it gains `rate` tokens per second (fractions count). Each
// allowed event takes one token. Safe to call from any number of threads.
class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;
  // `now` is the clock (tests pass a fake one).
  TokenBucket(double rate, int burst, std::function<Clock::time_point()> now = Clock::now);

  // Takes a token and returns true if one is available now; false otherwise.
  bool allow();

 private:
  std::mutex mutex_;  // guards tokens_ and last_, which change together
  double rate_;
  double burst_;
  std::function<Clock::time_point()> now_;
  double tokens_;
  Clock::time_point last_;
};
