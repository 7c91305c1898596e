#pragma once
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>

// A sliding-window rate limiter: at most `limit` events in any span of
// `window` (the last `window` before now, not fixed one-second buckets,
// which let 2 x limit through across a bucket boundary). Safe to call from
// any number of threads.
class SlidingWindow {
 public:
  using Clock = std::chrono::steady_clock;
  // `now` is the clock (tests pass a fake one). limit >= 1, window > 0.
  SlidingWindow(int limit, Clock::duration window,
                std::function<Clock::time_point()> now = Clock::now);

  // Records an event and returns true when fewer than `limit` events were
  // allowed in the last `window`; otherwise returns false and records
  // nothing. An event allowed at time t counts until t + window.
  bool allow();

 private:
  // Drops the events that are out of the window at `now`.
  void forget_expired(Clock::time_point now);

  const int limit_;
  const Clock::duration window_;
  const std::function<Clock::time_point()> now_;
  std::mutex mutex_;                      // guards times_
  std::deque<Clock::time_point> times_;   // allowed events in the window, oldest first
};
