#include "token_bucket.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {
// A clock that only moves when the test says so.
struct FakeClock {
  std::atomic<TokenBucket::Clock::rep> ticks{0};
  TokenBucket::Clock::time_point now() const {
    return TokenBucket::Clock::time_point(TokenBucket::Clock::duration(ticks.load()));
  }
  void advance(TokenBucket::Clock::duration d) { ticks += d.count(); }
};
}  // namespace

TEST(TokenBucket, StartsFullThenRefuses) {
  FakeClock clock;
  TokenBucket bucket(10, 3, [&clock] { return clock.now(); });
  EXPECT_TRUE(bucket.allow());
  EXPECT_TRUE(bucket.allow());
  EXPECT_TRUE(bucket.allow());
  EXPECT_FALSE(bucket.allow());
}

TEST(TokenBucket, RefillsAtTheRate) {
  FakeClock clock;
  TokenBucket bucket(10, 1, [&clock] { return clock.now(); });  // a token every 100 ms
  EXPECT_TRUE(bucket.allow());
  clock.advance(50ms);
  EXPECT_FALSE(bucket.allow());
  clock.advance(50ms);
  EXPECT_TRUE(bucket.allow());
}

TEST(TokenBucket, NeverMoreThanTheBurst) {
  FakeClock clock;
  TokenBucket bucket(100, 2, [&clock] { return clock.now(); });
  clock.advance(10s);
  EXPECT_TRUE(bucket.allow());
  EXPECT_TRUE(bucket.allow());
  EXPECT_FALSE(bucket.allow());
}

TEST(TokenBucket, ManyThreadsShareTheTokens) {
  for (int round = 0; round < 20; ++round) {
    FakeClock clock;
    TokenBucket bucket(0, 50, [&clock] { return clock.now(); });  // 50 tokens, no refill
    std::atomic<int> allowed = 0;
    {
      std::vector<std::jthread> threads;
      for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
          for (int i = 0; i < 40; ++i) {
            if (bucket.allow()) ++allowed;
          }
        });
      }
    }
    ASSERT_EQ(allowed.load(), 50) << "round " << round;
  }
}
