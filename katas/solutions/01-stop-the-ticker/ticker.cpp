#include "ticker.h"

#include <condition_variable>
#include <mutex>

Ticker::Ticker(std::chrono::milliseconds period, std::function<void()> on_tick)
    : thread_([period, on_tick = std::move(on_tick)](std::stop_token stop) {
        std::mutex mutex;
        std::condition_variable_any wake;
        std::unique_lock lock(mutex);
        while (!stop.stop_requested()) {
          // Returns early when a stop is requested: destruction never waits a period.
          wake.wait_for(lock, stop, period, [] { return false; });
          if (stop.stop_requested()) break;
          on_tick();
        }
      }) {}

// std::jthread's destructor requests the stop and joins.
Ticker::~Ticker() = default;
