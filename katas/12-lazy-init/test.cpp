#include "settings.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <thread>
#include <vector>

namespace {
Config slow_load(std::atomic<int>& loads) {
  ++loads;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return Config{{"port", "8080"}};
}
}  // namespace

TEST(Settings, LoadsOnFirstUseOnly) {
  std::atomic<int> loads = 0;
  Settings settings([&loads] { return slow_load(loads); });
  EXPECT_EQ(loads.load(), 0);
  EXPECT_EQ(settings.get().at("port"), "8080");
  EXPECT_EQ(settings.get().at("port"), "8080");
  EXPECT_EQ(loads.load(), 1);
}

TEST(Settings, ManyThreadsAtOnceLoadOnce) {
  for (int round = 0; round < 3; ++round) {
    std::atomic<int> loads = 0;
    Settings settings([&loads] { return slow_load(loads); });
    std::latch start(8);
    {
      std::vector<std::jthread> threads;
      for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
          start.arrive_and_wait();
          EXPECT_EQ(settings.get().at("port"), "8080");
        });
      }
    }
    EXPECT_EQ(loads.load(), 1) << "the configuration was loaded more than once";
  }
}
