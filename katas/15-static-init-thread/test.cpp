#include "heartbeat.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace std::chrono_literals;

namespace {
// Waits for the beats to pass `count`; no deadline of its own: a heartbeat
// that never comes is reported by the kata's time limit, not by a guess at
// how slow a loaded machine may be.
bool eventually_more_than(long count) {
  while (heartbeats() <= count) std::this_thread::sleep_for(1ms);
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
