#include "token_bucket.h"

#include <algorithm>

TokenBucket::TokenBucket(double rate, int burst, std::function<Clock::time_point()> now)
    : rate_(rate), burst_(burst), now_(std::move(now)), tokens_(burst), last_(now_()) {}

bool TokenBucket::allow() {
  // Refill for the time that passed, up to the burst size.
  const Clock::time_point now = now_();
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  last_ = now;
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}
