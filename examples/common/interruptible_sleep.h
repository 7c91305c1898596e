// Sleeping that a std::stop_token can cut short: the C++ spelling of Go's
//
//   select { case <-ticker.C: ...; case <-ctx.Done(): return }
//
// std::this_thread::sleep_for cannot be interrupted, so a thread that sleeps
// with it takes up to a whole period to notice a stop request.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace ingest {

// Sleeps for `period` or until a stop is requested on `stop`, whichever comes
// first. Returns false when it woke up because of the stop request.
template <class Rep, class Period>
bool interruptible_sleep(std::stop_token stop, std::chrono::duration<Rep, Period> period) {
  std::mutex mu;
  std::condition_variable_any wake;
  std::unique_lock lock(mu);
  // Nothing but the stop request can end the wait early: the predicate is
  // never true, and the stop_token overload wakes us when stop is requested.
  wake.wait_for(lock, stop, period, [] { return false; });
  return !stop.stop_requested();
}

}  // namespace ingest
