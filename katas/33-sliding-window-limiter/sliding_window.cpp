#include "sliding_window.h"

SlidingWindow::SlidingWindow(int limit, Clock::duration window,
                             std::function<Clock::time_point()> now)
    : limit_(limit), window_(window), now_(std::move(now)) {}

bool SlidingWindow::allow() {
  const Clock::time_point now = now_();
  // After a burst there can be thousands of expired entries to drop: do it
  // before taking the lock, so that allow() holds it only for the check.
  forget_expired(now);
  std::lock_guard lock(mutex_);
  if (times_.size() >= static_cast<std::size_t>(limit_)) return false;
  times_.push_back(now);
  return true;
}

void SlidingWindow::forget_expired(Clock::time_point now) {
  while (!times_.empty() && times_.front() <= now - window_) times_.pop_front();
}
