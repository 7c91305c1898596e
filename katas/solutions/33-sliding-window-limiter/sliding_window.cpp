#include "sliding_window.h"

SlidingWindow::SlidingWindow(int limit, Clock::duration window,
                             std::function<Clock::time_point()> now)
    : limit_(limit), window_(window), now_(std::move(now)) {}

bool SlidingWindow::allow() {
  // Forget, count and record: one step over times_, under its lock. The
  // clock is read under the lock too, so that times are recorded in the
  // order they were read and times_ stays oldest first (forget_expired
  // stops at the first event still in the window).
  std::lock_guard lock(mutex_);
  const Clock::time_point now = now_();
  forget_expired(now);
  if (times_.size() >= static_cast<std::size_t>(limit_)) return false;
  times_.push_back(now);
  return true;
}

// Called with mutex_ held.
void SlidingWindow::forget_expired(Clock::time_point now) {
  while (!times_.empty() && times_.front() <= now - window_) times_.pop_front();
}
