#pragma once
#include <chrono>
#include <functional>

// A Ticker calls `on_tick` every `period` on a thread of its own, from the
// moment it is constructed until it is destroyed. Destroying it must stop the
// ticks at once (no waiting out a long period) and leave no thread behind.
class Ticker {
 public:
  Ticker(std::chrono::milliseconds period, std::function<void()> on_tick);
  ~Ticker();

  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;
};
