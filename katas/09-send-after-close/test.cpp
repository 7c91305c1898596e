#include "async_log.h"

#include <gtest/gtest.h>

#include <latch>
#include <thread>

TEST(AsyncLog, WritesEveryLineBeforeStop) {
  AsyncLog log;
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(log.log("line " + std::to_string(i)));
  log.stop();
  const auto lines = log.written();
  ASSERT_EQ(lines.size(), 100u);
  EXPECT_EQ(lines.front(), "line 0");
  EXPECT_EQ(lines.back(), "line 99");
}

TEST(AsyncLog, LogAfterStopIsRefused) {
  AsyncLog log;
  EXPECT_TRUE(log.log("before"));
  log.stop();
  EXPECT_FALSE(log.log("after"));
  EXPECT_EQ(log.written(), std::vector<std::string>{"before"});
}

TEST(AsyncLog, StopTwice) {
  AsyncLog log;
  log.stop();
  log.stop();
  EXPECT_TRUE(log.written().empty());
}

TEST(AsyncLog, LoggersRacingWithStop) {
  for (int round = 0; round < 20; ++round) {
    AsyncLog log;
    std::jthread logger([&log] {
      while (log.log("spam")) {
      }
    });
    log.stop();
  }
}

// "stop() may be called from any thread": two threads stop the same log at
// once. A latch releases both together; whatever the schedule, their two
// stop() calls are not ordered by anything but the log itself, so a stop()
// that joins the writer without a lock races with the other one (a
// ThreadSanitizer report on the thread object every run, a double join that
// throws or hangs on some runs).
TEST(AsyncLog, TwoThreadsStopAtOnce) {
  for (int round = 0; round < 20; ++round) {
    AsyncLog log;
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(log.log("line " + std::to_string(i)));
    std::latch start(2);
    auto stopper = [&] {
      start.arrive_and_wait();
      log.stop();
    };
    {
      std::jthread a(stopper);
      std::jthread b(stopper);
    }
    EXPECT_EQ(log.written().size(), 10u) << "stop() returned before the log was written out";
    EXPECT_FALSE(log.log("after"));
  }
}
