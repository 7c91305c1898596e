// ErrGroup::wait() from two threads at once: both must return only when
// every task has finished. Before the fix the second caller found the
// thread list already taken by the first and returned at once, while the
// task still ran.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "conc/errgroup.h"
#include "hooks.h"

namespace {

TEST(ErrGroup, ConcurrentWaitsReturnOnlyWhenEveryTaskFinished) {
  conc::ErrGroup group;
  conc::Channel<int> release;
  std::atomic<bool> task_finished{false};
  conc_test::Hooks hooks;
  group.go([&] {
    release.recv();
    task_finished = true;
  });
  bool first_saw_finished = false, second_saw_finished = false;
  std::atomic<bool> second_returned{false};
  std::jthread first([&] {
    group.wait();
    first_saw_finished = task_finished.load();
  });
  ASSERT_TRUE(hooks.await_blocked(&group, 1)) << "the first wait() never blocked";
  std::jthread second([&] {
    group.wait();
    second_saw_finished = task_finished.load();
    second_returned = true;
    hooks.notify();
  });
  EXPECT_TRUE(hooks.await_blocked_or(&group, 2, [&] { return second_returned.load(); }));
  EXPECT_FALSE(second_returned.load()) << "the second wait() returned while the task ran";
  release.close();
  first.join();
  second.join();
  EXPECT_TRUE(first_saw_finished);
  EXPECT_TRUE(second_saw_finished);
}

}  // namespace
