#include "bounded.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {
std::vector<int> first(int n) {
  std::vector<int> items(n);
  for (int i = 0; i < n; ++i) items[i] = i;
  return items;
}

// Holds every task that enters until more than `limit` tasks run at once
// (the excess is then on record and the gate opens) or, once for the whole
// run, until a fallback passes. The verdict does not depend on timing: an
// implementation that starts a thread per item keeps starting threads while
// the first tasks are held, so a (limit+1)-th task always arrives at the gate;
// a bounded implementation never lets one in, and after the single fallback
// every task goes through, so it only costs the fallback once.
class OverlapGate {
 public:
  explicit OverlapGate(int limit) : limit_(limit) {}

  void enter() {
    std::unique_lock lock(mu_);
    ++running_;
    peak_ = std::max(peak_, running_);
    if (running_ > limit_) open_ = true;
    if (!open_ && !opened_.wait_for(lock, kFallback, [this] { return open_; }))
      open_ = true;  // no task beyond the limit came: let every task through
    opened_.notify_all();
  }

  void leave() {
    std::lock_guard lock(mu_);
    --running_;
  }

  int peak() {
    std::lock_guard lock(mu_);
    return peak_;
  }

 private:
  static constexpr std::chrono::seconds kFallback{2};
  const int limit_;
  std::mutex mu_;
  std::condition_variable opened_;
  int running_ = 0;
  int peak_ = 0;
  bool open_ = false;
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
  OverlapGate gate(4);
  std::atomic<int> done = 0;
  for_each_bounded(first(100), 4, [&](int) {
    gate.enter();
    gate.leave();
    ++done;
  });
  EXPECT_EQ(done.load(), 100);
  EXPECT_LE(gate.peak(), 4) << "more tasks ran at once than the limit allows";
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
