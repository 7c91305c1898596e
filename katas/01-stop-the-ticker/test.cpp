#include "ticker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <memory>

using namespace std::chrono_literals;

// No test here measures time: each one waits for an event, and the kata's
// time limit is what turns "never happens" (a destructor that waits out an
// hour-long period) into a failure.

namespace {
// What a callback touches lives as long as the last copy of the callback, so
// that a ticker whose thread outlives it fails an assertion, not a crash.
struct Ticks {
  std::atomic<int> count = 0;
  std::latch first_five{5};

  void tick() {
    if (++count <= 5) first_five.count_down();
  }
};
}  // namespace

TEST(Ticker, TicksRepeatedly) {
  auto ticks = std::make_shared<Ticks>();
  Ticker ticker(1ms, [ticks] { ticks->tick(); });
  ticks->first_five.wait();
}

// Everything the callback captured is released when the Ticker is destroyed:
// the thread that calls it has ended and dropped it. A thread that outlives
// its Ticker still owns the callback, and keeps calling it into whatever it
// captured, long after its owner is gone.
TEST(Ticker, DestructionEndsTheThreadAndReleasesTheCallback) {
  auto ticks = std::make_shared<Ticks>();
  {
    Ticker ticker(1ms, [ticks] { ticks->tick(); });
    ticks->first_five.wait();
  }
  EXPECT_EQ(ticks.use_count(), 1)
      << "the ticker's thread still holds its callback after the Ticker was destroyed: "
         "it was not stopped and joined";
}

TEST(Ticker, DestructionDoesNotWaitOutThePeriod) {
  auto captured = std::make_shared<std::atomic<int>>(0);
  auto ticker = std::make_unique<Ticker>(std::chrono::hours(1), [captured] { ++*captured; });
  ticker.reset();  // waiting out the hour fails the kata's time limit
  EXPECT_EQ(*captured, 0);
}
