#include "ticker.h"

#include <thread>

Ticker::Ticker(std::chrono::milliseconds period, std::function<void()> on_tick) {
  // Fire and forget: the ticker thread runs on its own.
  std::thread([period, on_tick] {
    while (true) {
      std::this_thread::sleep_for(period);
      on_tick();
    }
  }).detach();
}

Ticker::~Ticker() = default;
