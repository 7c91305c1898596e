// conc::RateLimiter (conc/rate_limiter.h).
#include "conc/rate_limiter.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "conc/internal/wait.h"

namespace conc {

namespace {
class RateLimitCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "conc.rate"; }
  std::string message(int value) const override {
    switch (static_cast<RateLimitError>(value)) {
      case RateLimitError::kWouldExceedDeadline:
        return "rate: wait would exceed context deadline";
    }
    return "rate: unknown error";
  }
};
}  // namespace

const std::error_category& rate_limit_category() noexcept {
  static const RateLimitCategory category;
  return category;
}

RateLimiter::RateLimiter(double rate, int burst)
    : rate_(rate), burst_(burst), tokens_(burst), last_(Clock::now()) {
  if (!(rate > 0)) throw std::invalid_argument("conc::RateLimiter: rate must be > 0");
  if (burst < 1) throw std::invalid_argument("conc::RateLimiter: burst must be >= 1");
}

void RateLimiter::refill(Clock::time_point now) {
  if (now <= last_) return;
  double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min<double>(burst_, tokens_ + elapsed * rate_);
  last_ = now;
}

bool RateLimiter::allow() {
  std::lock_guard<std::mutex> lock(mutex_);
  refill(Clock::now());
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

double RateLimiter::tokens() {
  std::lock_guard<std::mutex> lock(mutex_);
  refill(Clock::now());
  return tokens_;
}

// ctx.err() once the context has ended; kCanceled if its error is not
// visible yet (the stop token is requested as the context ends).
static std::error_code ended(const Context& ctx) {
  if (std::error_code err = ctx.err()) return err;
  return make_error_code(ContextError::kCanceled);
}

std::error_code RateLimiter::wait_error(const Context& ctx) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (std::error_code err = ctx.err()) return err;
  const Clock::time_point now = Clock::now();
  refill(now);
  tokens_ -= 1;  // reserve: later callers queue behind this one
  if (tokens_ >= 0) return {};
  const Clock::time_point ready_at =
      now + internal::SaturatedDuration(std::chrono::duration<double>(-tokens_ / rate_));
  std::optional<Clock::time_point> deadline = ctx.deadline();
  if (deadline && *deadline < ready_at) {
    tokens_ += 1;
    return RateLimitError::kWouldExceedDeadline;  // the context is still live
  }
  std::stop_token stop = ctx.stop_token();
  internal::BlockScope blocked({"rate.Limiter.Wait", this, /*timed=*/true});
  cancelled_.wait_until(lock, stop, ready_at, [] { return false; });
  if (stop.stop_requested() && Clock::now() < ready_at) {
    tokens_ += 1;  // give the reservation back
    return ended(ctx);
  }
  return {};
}

}  // namespace conc
