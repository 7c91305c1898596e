#include "stats.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
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
  // The first snapshot is taken after the traffic thread has started and
  // before anything orders it with the thread's records: the latch orders
  // only what comes before count_down(). So a copy that reads the counters
  // without the lock races with a record on every run, whatever the
  // schedule, and the loop below runs at least once even if the traffic is
  // over before it starts (a correct solution must never fail here).
  std::latch started(1);
  std::jthread traffic([&] {
    started.count_down();
    for (int i = 0; i < 20000; ++i) stats.record(true);  // every request fails
    done = true;
  });
  started.wait();
  long snapshots = 0;
  do {
    const Stats snapshot = stats;
    ASSERT_EQ(snapshot.errors(), snapshot.requests()) << "a snapshot mixed two moments";
    ++snapshots;
  } while (!done);
  EXPECT_GT(snapshots, 0);
}
