// The deadlock watchdog, with a handler (no exit) so that it can be asserted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "conc/channel.h"
#include "conc/context.h"
#include "conc/deadlock_watchdog.h"
#include "conc/waitgroup.h"
#include "hooks.h"

using namespace std::chrono_literals;
using testing::HasSubstr;

namespace {

TEST(DeadlockWatchdog, ReportsWhenEveryThreadIsBlocked) {
  // The test thread waits for the report on a conc channel, so that it too
  // counts as blocked (it may have used conc primitives in earlier tests).
  conc::Channel<std::string> reports(1);
  conc::DeadlockWatchdogOptions options;
  options.limit = 100ms;
  options.on_deadlock = [&](const std::string& report) { reports.try_send(report); };
  conc::enable_deadlock_watchdog(options);

  conc::Channel<int> never;   // nobody sends
  conc::Channel<int> full(1);
  full.send(0);
  conc::WaitGroup wg;
  wg.add(1);
  std::jthread receiver([&] { never.recv(); });
  std::jthread sender([&] { full.send(1); });
  std::jthread waiter([&] { wg.wait(); });

  // Waits without a deadline (a timed wait is never part of a deadlock). A
  // thread that never touches a blocking conc call (the watchdog cannot see
  // it) turns a missing report into a failure after 20 s.
  conc_test::Event reported;
  std::jthread give_up([&] {
    if (!reported.wait(20s)) reports.try_send(std::string());
  });
  std::string report = reports.recv().value_or(std::string());
  reported.set();
  give_up.join();
  ASSERT_FALSE(report.empty()) << "no deadlock reported";
  conc::disable_deadlock_watchdog();
  EXPECT_THAT(report, HasSubstr("fatal error: all goroutines are asleep - deadlock!"));
  EXPECT_THAT(report, HasSubstr("[chan receive,"));
  EXPECT_THAT(report, HasSubstr("[chan send,"));
  EXPECT_THAT(report, HasSubstr("[sync.WaitGroup.Wait,"));

  // Unblock everything.
  never.close();
  full.recv();
  wg.done();
}

TEST(DeadlockWatchdog, SilentWhileSomeThreadMakesProgress) {
  std::atomic<int> reports{0};
  conc::DeadlockWatchdogOptions options;
  options.limit = 50ms;
  options.on_deadlock = [&](const std::string&) { ++reports; };
  conc::enable_deadlock_watchdog(options);
  conc::Channel<int> ticks;
  std::jthread consumer([&] {
    for (int i = 0; i < 20; ++i) ticks.recv();
  });
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(15ms);  // this thread is running, not blocked
    ticks.send(i);
  }
  consumer.join();
  conc::disable_deadlock_watchdog();
  EXPECT_EQ(reports.load(), 0);
}

}  // namespace

namespace {

// A wait with a deadline will end by itself: it is not a deadlock, however
// long it lasts and whatever the other threads do (Go does not report while
// a timer is pending). Before the fix the watchdog reported here after
// `limit`, although the receive would have returned.
TEST(DeadlockWatchdog, SilentWhileAThreadWaitsWithADeadline) {
  std::atomic<int> reports{0};
  conc::DeadlockWatchdogOptions options;
  options.limit = 50ms;
  options.on_deadlock = [&](const std::string&) { ++reports; };
  conc::enable_deadlock_watchdog(options);
  conc::Channel<int> never, finished;
  std::jthread timed([&] {
    EXPECT_EQ(never.recv_for(600ms), std::nullopt);  // nobody sends: it times out
    finished.send(1);
  });
  finished.recv();  // this thread sleeps without a deadline meanwhile
  conc::disable_deadlock_watchdog();
  EXPECT_EQ(reports.load(), 0);
}

// Same for a thread that waits without a deadline of its own on a context
// whose deadline is pending: the timer thread will cancel it.
TEST(DeadlockWatchdog, SilentWhileAContextDeadlineIsPending) {
  std::atomic<int> reports{0};
  conc::DeadlockWatchdogOptions options;
  options.limit = 50ms;
  options.on_deadlock = [&](const std::string&) { ++reports; };
  conc::enable_deadlock_watchdog(options);
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 600ms);
  conc::Channel<int> finished;
  std::jthread waiter([&, ctx = ctx] {
    ctx.done().recv();
    finished.send(1);
  });
  finished.recv();
  conc::disable_deadlock_watchdog();
  cancel();
  EXPECT_EQ(reports.load(), 0);
}

}  // namespace

namespace {

int WatchdogThreads() {
  int count = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    if (std::getline(comm, line) && line == "conc-watchdog") ++count;
  }
  return count;
}

// enable() while disable() has taken the thread out but not joined it yet:
// the thread being joined must still stop (before the fix enable() cleared
// the stop flag it was about to read, so it ran on and the join never
// returned), and the new enable() gets a thread of its own.
TEST(DeadlockWatchdog, EnableDuringDisableDoesNotReviveTheStoppingThread) {
  conc::enable_deadlock_watchdog({.limit = std::chrono::hours(1)});
  std::once_flag once;
  conc_test::Hooks hooks([&](conc_test::Point point, const void*, const char*) {
    if (point != conc_test::Point::kWatchdogStopping) return;
    std::call_once(once, [] {
      conc_test::Event enabled;
      std::thread([&enabled] {
        conc::enable_deadlock_watchdog({.limit = std::chrono::hours(1)});
        enabled.set();
      }).detach();
      EXPECT_TRUE(enabled.wait());
    });
  });
  auto disabled = std::make_shared<conc_test::Event>();
  std::thread disabler([disabled] {
    conc::disable_deadlock_watchdog();
    disabled->set();
  });
  bool joined = disabled->wait();
  if (joined) disabler.join(); else disabler.detach();
  ASSERT_TRUE(joined) << "disable() never returned: the thread it joins was revived";
  EXPECT_EQ(WatchdogThreads(), 1) << "the enable() in between runs its own thread";
  conc::disable_deadlock_watchdog();
  EXPECT_EQ(WatchdogThreads(), 0);
}

}  // namespace
