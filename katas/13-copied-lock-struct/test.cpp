#include "stats.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

TEST(Stats, CountsRequestsAndErrors) {
  Stats stats;
  stats.record(false);
  stats.record(true);
  stats.record(true);
  EXPECT_EQ(stats.requests(), 3);
  EXPECT_EQ(stats.errors(), 2);
  const Stats copy = stats;
  stats.record(false);
  EXPECT_EQ(copy.requests(), 3) << "a copy is a snapshot: later records do not change it";
  EXPECT_EQ(copy.errors(), 2);
}

TEST(Stats, SnapshotsWhileRequestsRun) {
  Stats stats;
  std::atomic<bool> done = false;
  std::jthread traffic([&] {
    for (int i = 0; i < 20000; ++i) stats.record(true);  // every request fails
    done = true;
  });
  long snapshots = 0;
  while (!done) {
    const Stats snapshot = stats;
    ASSERT_EQ(snapshot.errors(), snapshot.requests()) << "a snapshot mixed two moments";
    ++snapshots;
  }
  EXPECT_GT(snapshots, 0);
}
