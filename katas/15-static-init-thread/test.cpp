#include "heartbeat.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace std::chrono_literals;

namespace {
bool eventually_more_than(long count) {
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (heartbeats() <= count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}
}  // namespace

TEST(Heartbeat, BeatsWhileStarted) {
  const long before = heartbeats();
  start_heartbeat();
  EXPECT_TRUE(eventually_more_than(before + 3));
  stop_heartbeat();
}

TEST(Heartbeat, StopsBeating) {
  start_heartbeat();
  ASSERT_TRUE(eventually_more_than(heartbeats()));
  stop_heartbeat();
  const long at_stop = heartbeats();
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(heartbeats(), at_stop);
}

TEST(Heartbeat, StartsAgainAfterAStop) {
  start_heartbeat();
  start_heartbeat();
  stop_heartbeat();
  const long at_stop = heartbeats();
  start_heartbeat();
  EXPECT_TRUE(eventually_more_than(at_stop));
  stop_heartbeat();
}
