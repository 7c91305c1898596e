// conc/rate_limiter.h: a token bucket, like Go's golang.org/x/time/rate.
//
// The bucket holds up to `burst` tokens and gains `rate` tokens per second.
// Each event takes one token: allow() takes one if there is one now; wait()
// blocks until one is available (or the context ends first).
//
//   conc::RateLimiter limiter(/*rate=*/100, /*burst=*/10);   // 100/s, bursts of 10
//   if (!limiter.allow()) return Status::kTooManyRequests;   // shed load
//   if (std::error_code err = limiter.wait_error(ctx)) return err;   // or queue politely
//
// Contract (what synchronizes with what): nothing. A RateLimiter paces
// callers; it makes no happens-before promise between them (Go's does not
// either), so do not use it to publish data. Every member is thread-safe.
//
// wait(ctx) does not start waiting when the token would only come after the
// context's deadline: it returns false at once, as Go's Limiter.Wait does,
// while the context is still live, so ctx.err() is then empty. wait_error()
// says which it was, as Go's Wait returns its own error for that case:
// RateLimitError::kWouldExceedDeadline, or ctx.err() when the context ended.
// A wait that is cancelled gives its reserved token back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <system_error>
#include <type_traits>

#include "conc/context.h"

namespace conc {

// Why wait_error() gave up without the context being done.
enum class RateLimitError {
  kWouldExceedDeadline = 1,  // Go: "rate: Wait(n=1) would exceed context deadline"
};
// Their category ("conc.rate"), and the std::error_code conversion.
const std::error_category& rate_limit_category() noexcept;
inline std::error_code make_error_code(RateLimitError e) noexcept {
  return {static_cast<int>(e), rate_limit_category()};
}

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // rate > 0 tokens per second, burst >= 1; throws std::invalid_argument
  // otherwise. Starts full.
  RateLimiter(double rate, int burst);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes a token if one is available now.
  bool allow();
  // Waits for a token. false (and no token taken) when `ctx` is done first,
  // or when the token would come after ctx's deadline.
  bool wait(const Context& ctx) { return !wait_error(ctx); }
  // Waits for a token, however long it takes.
  bool wait() { return wait(Context::background()); }
  // Go's Limiter.Wait: waits for a token; an empty error code when it got
  // one, else why not: ctx.err() when the context ended first,
  // RateLimitError::kWouldExceedDeadline (at once, no token taken) when the
  // token would come after ctx's deadline.
  std::error_code wait_error(const Context& ctx);

  // Tokens available now (fractional).
  double tokens();
  // As given to the constructor.
  double rate() const noexcept { return rate_; }
  int burst() const noexcept { return burst_; }

 private:
  void refill(Clock::time_point now);

  const double rate_;
  const int burst_;
  std::mutex mutex_;
  std::condition_variable_any cancelled_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace conc

template <>
struct std::is_error_code_enum<conc::RateLimitError> : std::true_type {};
