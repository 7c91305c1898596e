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

TEST(Ticker, TicksRepeatedly) {
  std::latch five_ticks(5);
  std::atomic<int> ticks = 0;
  Ticker ticker(1ms, [&] {
    if (++ticks <= 5) five_ticks.count_down();
  });
  five_ticks.wait();
}

// Everything the callback captured is released when the Ticker is destroyed:
// the thread that calls it has ended and dropped it. A thread that outlives
// its Ticker still owns the callback, and keeps calling it into whatever it
// captured, long after its owner is gone.
TEST(Ticker, DestructionEndsTheThreadAndReleasesTheCallback) {
  auto captured = std::make_shared<std::atomic<int>>(0);
  std::latch ticked(1);
  {
    Ticker ticker(1ms, [captured, &ticked] {
      if (++*captured == 1) ticked.count_down();
    });
    ticked.wait();
  }
  EXPECT_EQ(captured.use_count(), 1)
      << "the ticker's thread still holds its callback after the Ticker was destroyed: "
         "it was not stopped and joined";
}

TEST(Ticker, DestructionDoesNotWaitOutThePeriod) {
  auto captured = std::make_shared<std::atomic<int>>(0);
  auto ticker = std::make_unique<Ticker>(std::chrono::hours(1), [captured] { ++*captured; });
  ticker.reset();  // waiting out the hour fails the kata's time limit
  EXPECT_EQ(*captured, 0);
}
