#include "bounded.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {
// Records how many tasks ran at once, at most.
std::vector<int> first(int n) {
  std::vector<int> items(n);
  for (int i = 0; i < n; ++i) items[i] = i;
  return items;
}

struct Concurrency {
  std::atomic<int> running = 0;
  std::atomic<int> peak = 0;
  void enter() {
    const int now = ++running;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
  }
  void leave() { --running; }
};
}  // namespace

TEST(ForEachBounded, RunsEveryIndexOnce) {
  std::vector<std::atomic<int>> runs(100);
  for_each_bounded(first(100), 3, [&runs](int i) { ++runs[i]; });
  for (int i = 0; i < 100; ++i) EXPECT_EQ(runs[i].load(), 1) << "index " << i;
}

TEST(ForEachBounded, NothingToDo) {
  for_each_bounded({}, 4, [](int) { FAIL() << "no task to run"; });
}

TEST(ForEachBounded, RejectsAZeroLimit) {
  EXPECT_THROW(for_each_bounded(first(3), 0, [](int) {}), std::invalid_argument);
}

TEST(ForEachBounded, NeverMoreThanTheLimit) {
  Concurrency concurrency;
  std::atomic<int> done = 0;
  for_each_bounded(first(100), 4, [&](int) {
    concurrency.enter();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    concurrency.leave();
    ++done;
  });
  EXPECT_EQ(done.load(), 100);
  EXPECT_LE(concurrency.peak.load(), 4) << "more tasks ran at once than the limit allows";
}

// The first two tasks wait for each other: with a limit of 4 they run at
// the same time and meet; tasks run one at a time never meet, and the kata's
// time limit reports it. No timing involved.
TEST(ForEachBounded, UsesTheParallelismItIsGiven) {
  std::latch first_two_meet(2);
  std::atomic<int> started = 0;
  std::atomic<int> done = 0;
  for_each_bounded(first(40), 4, [&](int) {
    if (started++ < 2) first_two_meet.arrive_and_wait();
    ++done;
  });
  EXPECT_EQ(done.load(), 40);
}
