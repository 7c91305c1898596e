#include "log_encoder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace {
std::string expected(const LogRecord& record) {
  return R"({"level":")" + record.level + R"(","request":)" + std::to_string(record.request_id) +
         R"(,"msg":")" + record.message + "\"}\n";
}
}  // namespace

TEST(LogEncoder, EncodesARecord) {
  LogEncoder encoder;
  const LogRecord record{"info", "server started on port 8080", 7};
  const auto line = encoder.encode(record);
  EXPECT_EQ(line, expected(record));
}

// Nothing runs at the same time here: the other request thread encodes its
// line after ours is done, and is joined before we read ours.
TEST(LogEncoder, ALineOutlivesTheNextEncodeOnAnotherThread) {
  LogEncoder encoder;
  const LogRecord mine{"warn", "slow query: 1200 ms on orders", 41};
  const LogRecord theirs{"error", "payment declined for card ending 4242", 42};
  const auto line = encoder.encode(mine);
  std::jthread([&encoder, &theirs] { (void)encoder.encode(theirs); }).join();
  EXPECT_EQ(line, expected(mine)) << "request 41's log line changed after it was encoded";
}

TEST(LogEncoder, ReusesItsBuffers) {
  LogEncoder encoder;
  for (int i = 0; i < 100; ++i) {
    const LogRecord record{"debug", "cache miss for key user:" + std::to_string(i), i};
    EXPECT_EQ(encoder.encode(record), expected(record));
  }
  EXPECT_EQ(encoder.buffers_created(), 1) << "one thread, one line at a time: one buffer is enough";
}

TEST(LogEncoder, ManyRequestThreads) {
  LogEncoder encoder;
  std::atomic<int> wrong = 0;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&encoder, &wrong, t] {
        for (int i = 0; i < 200; ++i) {
          const LogRecord record{"info", "thread " + std::to_string(t) + " handled a request", i};
          const auto line = encoder.encode(record);
          if (line != expected(record)) ++wrong;
        }
      });
    }
  }
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(encoder.buffers_created(), 4) << "never more buffers than lines being encoded at once";
}
