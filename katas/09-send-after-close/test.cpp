#include "async_log.h"

#include <gtest/gtest.h>

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
