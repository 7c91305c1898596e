#include "sliding_window.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {
// A clock that only moves when the test says so.
struct FakeClock {
  std::atomic<SlidingWindow::Clock::rep> ticks{0};
  SlidingWindow::Clock::time_point now() const {
    return SlidingWindow::Clock::time_point(SlidingWindow::Clock::duration(ticks.load()));
  }
  void advance(SlidingWindow::Clock::duration d) { ticks += d.count(); }
  std::function<SlidingWindow::Clock::time_point()> function() {
    return [this] { return now(); };
  }
};
}  // namespace

TEST(SlidingWindow, UpToTheLimitThenRefuses) {
  FakeClock clock;
  SlidingWindow window(3, 1s, clock.function());
  EXPECT_TRUE(window.allow());
  EXPECT_TRUE(window.allow());
  EXPECT_TRUE(window.allow());
  EXPECT_FALSE(window.allow());
}

// The window slides: an event leaves it exactly one window after it was
// allowed, not at the next bucket boundary.
TEST(SlidingWindow, EventsLeaveOneWindowLater) {
  FakeClock clock;
  SlidingWindow window(2, 1s, clock.function());
  EXPECT_TRUE(window.allow());   // at 0 ms
  clock.advance(500ms);
  EXPECT_TRUE(window.allow());   // at 500 ms
  clock.advance(499ms);
  EXPECT_FALSE(window.allow());  // at 999 ms: both still in the window
  clock.advance(1ms);
  EXPECT_TRUE(window.allow());   // at 1000 ms: the first one has left
  clock.advance(200ms);
  EXPECT_FALSE(window.allow());  // at 1200 ms: 500 and 1000 are in the window
  clock.advance(300ms);
  EXPECT_TRUE(window.allow());   // at 1500 ms: 500 has left
}

TEST(SlidingWindow, RefusedEventsDoNotCount) {
  FakeClock clock;
  SlidingWindow window(1, 1s, clock.function());
  EXPECT_TRUE(window.allow());
  for (int i = 0; i < 5; ++i) {
    clock.advance(100ms);
    EXPECT_FALSE(window.allow());
  }
  clock.advance(500ms);  // 1000 ms after the only allowed event
  EXPECT_TRUE(window.allow());
}

TEST(SlidingWindow, ALongPauseForgetsEverything) {
  FakeClock clock;
  SlidingWindow window(100, 1s, clock.function());
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(window.allow());
  EXPECT_FALSE(window.allow());
  clock.advance(1h);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(window.allow());
  EXPECT_FALSE(window.allow());
}

// Request threads share one limit. The clock stands still: exactly `limit`
// of the 160 calls get through, whatever the interleaving.
TEST(SlidingWindow, RequestThreadsShareTheLimit) {
  FakeClock clock;
  SlidingWindow window(50, 1s, clock.function());
  std::atomic<int> allowed = 0;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 40; ++i) {
          if (window.allow()) ++allowed;
        }
      });
    }
  }
  EXPECT_EQ(allowed.load(), 50);
}
