#include "ticker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace std::chrono_literals;

namespace {
// The callback shares its counter, so a tick that comes late touches live memory.
auto counter() { return std::make_shared<std::atomic<int>>(0); }

bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}
}  // namespace

TEST(Ticker, TicksRepeatedly) {
  auto ticks = counter();
  Ticker ticker(2ms, [ticks] { ++*ticks; });
  EXPECT_TRUE(eventually([&] { return *ticks >= 5; })) << "only " << *ticks << " ticks";
}

TEST(Ticker, NoTickAfterDestruction) {
  auto ticks = counter();
  {
    Ticker ticker(1ms, [ticks] { ++*ticks; });
    ASSERT_TRUE(eventually([&] { return *ticks >= 2; }));
  }
  const int at_destruction = *ticks;
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(*ticks, at_destruction) << "the ticker kept ticking after it was destroyed";
}

TEST(Ticker, DestructionDoesNotWaitOutThePeriod) {
  auto ticks = counter();
  auto ticker = std::make_unique<Ticker>(std::chrono::hours(1), [ticks] { ++*ticks; });
  const auto start = std::chrono::steady_clock::now();
  ticker.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s)
      << "destroying the ticker waited for its period to end";
  EXPECT_EQ(*ticks, 0);
}
