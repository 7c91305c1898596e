// The deadlock watchdog, with a handler (no exit) so that it can be asserted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "conc/channel.h"
#include "conc/deadlock_watchdog.h"
#include "conc/waitgroup.h"

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

  std::optional<std::string> received = reports.recv_for(20s);
  ASSERT_TRUE(received.has_value()) << "no deadlock reported";
  std::string report = *received;
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
