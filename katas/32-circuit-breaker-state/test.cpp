#include "circuit_breaker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {
// A clock that only moves when the test says so.
struct FakeClock {
  std::atomic<CircuitBreaker::Clock::rep> ticks{0};
  CircuitBreaker::Clock::time_point now() const {
    return CircuitBreaker::Clock::time_point(CircuitBreaker::Clock::duration(ticks.load()));
  }
  void advance(CircuitBreaker::Clock::duration d) { ticks += d.count(); }
};

void succeed() {}
void fail() { throw std::runtime_error("inventory service: 503"); }

void trip(CircuitBreaker& breaker, int failures) {
  for (int i = 0; i < failures; ++i) EXPECT_THROW(breaker.call(fail), std::runtime_error);
  ASSERT_EQ(breaker.state(), BreakerState::Open);
}
}  // namespace

TEST(CircuitBreaker, OpensAfterFailuresInARow) {
  FakeClock clock;
  CircuitBreaker breaker(3, 10s, [&clock] { return clock.now(); });
  EXPECT_THROW(breaker.call(fail), std::runtime_error);
  EXPECT_THROW(breaker.call(fail), std::runtime_error);
  breaker.call(succeed);  // not in a row any more
  EXPECT_THROW(breaker.call(fail), std::runtime_error);
  EXPECT_THROW(breaker.call(fail), std::runtime_error);
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
  EXPECT_THROW(breaker.call(fail), std::runtime_error);
  EXPECT_EQ(breaker.state(), BreakerState::Open);
  bool ran = false;
  EXPECT_THROW(breaker.call([&ran] { ran = true; }), BreakerOpen);
  EXPECT_FALSE(ran);
}

TEST(CircuitBreaker, AfterTheCooldownOneTrialDecides) {
  FakeClock clock;
  CircuitBreaker breaker(2, 10s, [&clock] { return clock.now(); });
  trip(breaker, 2);
  clock.advance(9s);
  EXPECT_THROW(breaker.call(succeed), BreakerOpen);
  clock.advance(1s);
  EXPECT_THROW(breaker.call(fail), std::runtime_error);  // the trial fails...
  EXPECT_EQ(breaker.state(), BreakerState::Open);        // ...open for another 10 s
  EXPECT_THROW(breaker.call(succeed), BreakerOpen);
  clock.advance(10s);
  breaker.call(succeed);  // this trial succeeds
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
  EXPECT_THROW(breaker.call(fail), std::runtime_error);
  EXPECT_EQ(breaker.state(), BreakerState::Closed) << "one failure, threshold 2";
}

// The trial is slow (the test holds it). Meanwhile another request arrives:
// the recovering service must get the trial only, not the whole crowd.
TEST(CircuitBreaker, OnlyOneTrialWhileHalfOpen) {
  FakeClock clock;
  CircuitBreaker breaker(2, 10s, [&clock] { return clock.now(); });
  trip(breaker, 2);
  clock.advance(10s);
  std::latch trial_running(1);
  std::latch let_trial_finish(1);
  std::jthread trial([&] {
    breaker.call([&] {
      trial_running.count_down();
      let_trial_finish.wait();
    });
  });
  trial_running.wait();
  bool second_ran = false;
  EXPECT_THROW(breaker.call([&second_ran] { second_ran = true; }), BreakerOpen);
  EXPECT_FALSE(second_ran) << "a second request reached the service during the trial";
  let_trial_finish.count_down();
  trial.join();
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
}

// A slow request starts while all is well; while it runs, the service fails
// and the breaker opens. When the slow request finally succeeds, its result
// is from before the outage and must not close the breaker.
TEST(CircuitBreaker, AnOldSuccessDoesNotCloseAnOpenBreaker) {
  FakeClock clock;
  CircuitBreaker breaker(2, 10s, [&clock] { return clock.now(); });
  std::latch slow_started(1);
  std::latch let_slow_finish(1);
  std::jthread slow([&] {
    breaker.call([&] {
      slow_started.count_down();
      let_slow_finish.wait();
    });
  });
  slow_started.wait();
  trip(breaker, 2);
  let_slow_finish.count_down();
  slow.join();
  EXPECT_EQ(breaker.state(), BreakerState::Open) << "an old success closed the breaker";
  EXPECT_THROW(breaker.call(succeed), BreakerOpen);
}

TEST(CircuitBreaker, ManyRequestThreads) {
  FakeClock clock;
  CircuitBreaker breaker(3, 1s, [&clock] { return clock.now(); });
  std::atomic<int> outcomes = 0;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 200; ++i) {
          try {
            breaker.call((i + t) % 4 == 0 ? fail : succeed);
          } catch (const BreakerOpen&) {
          } catch (const std::runtime_error&) {
          }
          ++outcomes;
          if (i % 50 == 0) clock.advance(1s);
        }
      });
    }
  }
  EXPECT_EQ(outcomes.load(), 800);
}
