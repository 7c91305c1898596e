// Runs the snippets of docs/go-to-cpp.md that an expert review found wrong
// although they compiled (issue 23): each header below is generated from the
// page (check_snippets.py --export-dir), so the test runs exactly what the
// guide shows. No test depends on timing: a snippet that waits for a deadline
// it should not need, or blocks forever, is stopped by CTest's time limit,
// and the deadlines given here are an hour.
#include "prelude.h"

#include <gtest/gtest.h>

#include "cancellable_semaphore.h"
#include "circuit_breaker.h"
#include "fan_in_merge.h"
#include "finishes_in_time.h"
#include "first_response.h"
#include "nil_fan_in.h"
#include "stopper.h"

// What the snippets call, defined by the test.
namespace {
std::atomic<int> fetch_calls = 0;
std::string answering_url;  // the one fetch that succeeds; empty: none
}  // namespace

std::optional<std::string> fetch(const conc::Context& ctx, const std::string& url) {
  ++fetch_calls;
  if (url == answering_url) return "answer from " + url;
  // The losers and the failures: the losers wait until they are cancelled.
  if (!answering_url.empty()) ctx.done().recv();
  return std::nullopt;
}

void work() {}
void work(const conc::Context&) {}

// --- first response wins ----------------------------------------------------

// Every fetch fails: nobody will ever send on `first`, and the function must
// say so at once instead of waiting out its deadline (an hour here). The old
// snippet never closed `first`, so it waited the full deadline.
TEST(GuideFirstResponse, EveryFetchFailsReturnsAtOnce) {
  answering_url.clear();
  fetch_calls = 0;
  EXPECT_EQ(first_response(conc::Context::background(), {"a", "b", "c"}, 1h), std::nullopt);
  EXPECT_EQ(fetch_calls.load(), 3);
}

TEST(GuideFirstResponse, TheAnswerWinsAndTheLosersAreStopped) {
  answering_url = "b";
  EXPECT_EQ(first_response(conc::Context::background(), {"a", "b", "c"}, 1h), "answer from b");
  answering_url.clear();
}

// --- circuit breaker --------------------------------------------------------

// Half-open lets exactly one trial through while it is in flight. The old
// snippet let every caller through once the timeout had passed.
TEST(GuideCircuitBreaker, HalfOpenAllowsOneTrialAtATime) {
  CircuitBreaker breaker(/*max_failures=*/1, /*open_for=*/CircuitBreaker::Clock::duration::zero());
  ASSERT_TRUE(breaker.allow());
  breaker.report_failure();                 // open; open_for 0: half-open at the next allow()
  EXPECT_TRUE(breaker.allow()) << "the trial";
  EXPECT_FALSE(breaker.allow()) << "a second caller while the trial is in flight";
  EXPECT_FALSE(breaker.allow());
  breaker.report_success();                 // the trial worked: closed
  EXPECT_TRUE(breaker.allow());
  EXPECT_TRUE(breaker.allow());
}

TEST(GuideCircuitBreaker, AFailedTrialOpensAgain) {
  CircuitBreaker breaker(1, 1h);
  ASSERT_TRUE(breaker.allow());
  breaker.report_failure();
  EXPECT_FALSE(breaker.allow()) << "open for an hour";
}

TEST(GuideCircuitBreaker, ConcurrentCallersInHalfOpenGetOneTrial) {
  CircuitBreaker breaker(1, CircuitBreaker::Clock::duration::zero());
  ASSERT_TRUE(breaker.allow());
  breaker.report_failure();
  std::atomic<int> allowed = 0;
  std::latch start(8);
  {
    std::vector<std::jthread> callers;
    for (int i = 0; i < 8; ++i)
      callers.emplace_back([&] {
        start.arrive_and_wait();
        if (breaker.allow()) ++allowed;
      });
  }
  EXPECT_EQ(allowed.load(), 1);
}

// --- fan-in ----------------------------------------------------------------

// The consumer leaves after one result while the inputs still have plenty:
// the forwarders must give up, or ~merger (and so this test) never ends.
// The old snippet's forwarders blocked in send forever.
TEST(GuideFanIn, AConsumerThatLeavesEarlyStopsTheForwarders) {
  conc::Channel<Result> in1(100), in2(100);
  for (int i = 0; i < 100; ++i) {
    in1.send(Result{});
    in2.send(Result{});
  }
  std::vector<conc::Receiver<Result>> inputs{in1, in2};
  conc::Channel<Result> merged;
  int taken = 0;
  {
    std::jthread merger([&](std::stop_token stop) { merge(stop, inputs, merged); });
    for (Result r : merged) {
      (void)r;
      if (++taken == 1) break;
    }
  }
  EXPECT_EQ(taken, 1);
  EXPECT_TRUE(merged.is_closed()) << "the merge closes its output when it gives up";
}

TEST(GuideFanIn, EverythingArrivesWhenTheConsumerStays) {
  conc::Channel<Result> in1(10), in2(10);
  for (int i = 0; i < 10; ++i) {
    in1.send(Result{});
    in2.send(Result{});
  }
  in1.close();
  in2.close();
  std::vector<conc::Receiver<Result>> inputs{in1, in2};
  conc::Channel<Result> merged;
  int taken = 0;
  std::jthread merger([&](std::stop_token stop) { merge(stop, inputs, merged); });
  for (Result r : merged) {
    (void)r;
    ++taken;
  }
  EXPECT_EQ(taken, 20);
}

// --- nil channels in select ------------------------------------------------

TEST(GuideNilFanIn, EndsAfterBothInputsCloseAndClosesItsOutput) {
  conc::Channel<std::string> a(4), b(4), out(16);
  a.send("a0");
  a.close();
  b.send("b0");
  b.send("b1");
  b.close();
  fan_in(a, b, out);  // returns: the exit check is the loop condition
  EXPECT_TRUE(out.is_closed());
  std::vector<std::string> got;
  for (std::string& s : out) got.push_back(s);
  EXPECT_EQ(got.size(), 3u);
}

// --- semaphore that honours cancellation -------------------------------------

TEST(GuideSemaphore, AcquireGivesUpWithTheContext) {
  Semaphore sem(1);
  ASSERT_TRUE(sem.acquire(conc::Context::background()));
  auto [ctx, cancel] = conc::with_cancel(conc::Context::background());
  std::jthread canceller([&, cancel = cancel] { cancel(); });
  EXPECT_FALSE(sem.acquire(ctx)) << "no permit: it must give up once cancelled";
  canceller.join();
  sem.release();
  EXPECT_TRUE(sem.acquire(conc::Context::background())) << "the permit is back";
}

TEST(GuideSemaphore, LimitedRunsWorkAndReleases) {
  Semaphore sem(1);
  limited(sem, conc::Context::background());
  limited(sem, conc::Context::background());  // would block forever without the release
}

// --- one close among many --------------------------------------------------

TEST(GuideStopper, StopFromManyThreadsClosesOnce) {
  Stopper stopper;
  std::latch start(4);
  {
    std::vector<std::jthread> stoppers;
    for (int i = 0; i < 4; ++i)
      stoppers.emplace_back([&] {
        start.arrive_and_wait();
        stopper.stop();
      });
  }
  EXPECT_EQ(stopper.quit().recv(), std::nullopt) << "closed";
}

// The testing table's example (exported as a test of its own):
// Worker.FinishesInTime, whose worker closes `done`; the old advice,
// ASSERT_TRUE(done.recv_for(5s)), failed exactly when the worker succeeded.
TEST(GuideTesting, RecvForReturnsNulloptOnClose) {
  conc::Channel<std::monostate> done;
  done.close();
  EXPECT_FALSE(done.recv_for(1h).has_value())
      << "recv_for cannot tell a close from a timeout: the guide must not assert on it";
}
