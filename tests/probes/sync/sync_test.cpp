// WaitGroup, Context, ErrGroup, RateLimiter, CheckedMutex (correct use).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "conc/checked_mutex.h"
#include "conc/context.h"
#include "conc/errgroup.h"
#include "conc/rate_limiter.h"
#include "conc/waitgroup.h"

using namespace std::chrono_literals;

namespace {

TEST(WaitGroup, WaitsForEveryTask) {
  conc::WaitGroup wg;
  std::atomic<int> finished{0};
  std::vector<std::jthread> threads;
  for (int i = 0; i < 8; ++i) {
    wg.add(1);
    threads.emplace_back([&] {
      std::this_thread::sleep_for(5ms);
      ++finished;
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(finished.load(), 8);
  EXPECT_EQ(wg.count(), 0);
}

TEST(WaitGroup, WaitForTimesOutThenSucceeds) {
  conc::WaitGroup wg;
  wg.add(1);
  EXPECT_FALSE(wg.wait_for(20ms));
  std::jthread finisher([&] { wg.done(); });
  EXPECT_TRUE(wg.wait_for(10s));
}

TEST(WaitGroup, ManyRoundsOfReuseAndDestroyAfterWait) {
  for (int round = 0; round < 200; ++round) {
    auto wg = std::make_unique<conc::WaitGroup>();
    wg->add(2);
    std::jthread a([&] { wg->done(); });
    std::jthread b([&] { wg->done(); });
    wg->wait();
    a.join();
    b.join();
  }
}

TEST(Context, BackgroundIsNeverDone) {
  conc::Context bg = conc::Context::background();
  EXPECT_FALSE(bg.err());
  EXPECT_FALSE(bg.deadline());
  EXPECT_FALSE(bg.stop_token().stop_possible());
  EXPECT_FALSE(bg.done());
}

TEST(Context, CancelPropagatesToChildrenNotParents) {
  auto [parent, cancel_parent] = conc::with_cancel(conc::Context::background());
  auto [child, cancel_child] = conc::with_cancel(parent);
  auto [grandchild, cancel_grandchild] = conc::with_cancel(child);
  cancel_child();
  EXPECT_EQ(child.err(), conc::ContextError::kCanceled);
  EXPECT_EQ(grandchild.err(), conc::ContextError::kCanceled);
  EXPECT_FALSE(parent.err()) << "cancelling a child must not cancel its parent";
  EXPECT_TRUE(grandchild.stop_token().stop_requested());
  EXPECT_TRUE(grandchild.done().is_closed());
  cancel_child();  // idempotent
  cancel_parent();
  cancel_grandchild();
}

TEST(Context, DeadlineExceededReachesChildrenWithTheParentsError) {
  auto [parent, cancel] = conc::with_timeout(conc::Context::background(), 20ms);
  auto [child, cancel_child] = conc::with_timeout(parent, 10s);
  ASSERT_TRUE(child.deadline());
  EXPECT_EQ(*child.deadline(), *parent.deadline()) << "the earlier parent deadline wins";
  EXPECT_FALSE(child.done().recv().has_value());  // blocks until closed
  EXPECT_EQ(parent.err(), conc::ContextError::kDeadlineExceeded);
  EXPECT_EQ(child.err(), conc::ContextError::kDeadlineExceeded);
  EXPECT_EQ(child.err().message(), "context deadline exceeded");
  cancel();
  cancel_child();
}

TEST(Context, DeadlineInThePastIsDoneAtOnce) {
  auto [ctx, cancel] =
      conc::with_deadline(conc::Context::background(), std::chrono::steady_clock::now() - 1s);
  EXPECT_EQ(ctx.err(), conc::ContextError::kDeadlineExceeded);
  cancel();
}

TEST(Context, ChildOfCancelledParentIsBornCancelled) {
  auto [parent, cancel] = conc::with_cancel(conc::Context::background());
  cancel();
  auto [child, cancel_child] = conc::with_timeout(parent, 10s);
  EXPECT_EQ(child.err(), conc::ContextError::kCanceled);
  cancel_child();
}

// Threads of this process named `name` (from /proc/self/task/*/comm).
int ThreadsNamed(const std::string& name) {
  int count = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    if (std::getline(comm, line) && line == name) ++count;
  }
  return count;
}

TEST(Context, CancelBeatsTimerAndTimerThreadGoesAway) {
  auto [armed, cancel_armed] = conc::with_timeout(conc::Context::background(), 1h);
  EXPECT_EQ(ThreadsNamed("conc-timer"), 1) << "a pending deadline needs the timer thread";
  for (int i = 0; i < 50; ++i) {
    auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 1h);
    cancel();
    EXPECT_EQ(ctx.err(), conc::ContextError::kCanceled);
  }
  cancel_armed();
  // With no deadline pending, the timer thread exits (nothing for a leak
  // probe to report).
  auto give_up = std::chrono::steady_clock::now() + 5s;
  while (ThreadsNamed("conc-timer") != 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(ThreadsNamed("conc-timer"), 0);
}

TEST(Context, StopTokenInterop) {
  auto [ctx, cancel] = conc::with_cancel(conc::Context::background());
  std::atomic<bool> called{false};
  std::stop_callback callback(ctx.stop_token(), [&] { called = true; });
  std::jthread worker([token = ctx.stop_token()] {
    while (!token.stop_requested()) std::this_thread::sleep_for(1ms);
  });
  cancel();
  worker.join();
  EXPECT_TRUE(called.load());
}

TEST(ErrGroup, ReturnsNullWhenAllSucceed) {
  conc::ErrGroup group;
  std::atomic<int> ran{0};
  for (int i = 0; i < 10; ++i) group.go([&] { ++ran; });
  EXPECT_EQ(group.wait(), nullptr);
  EXPECT_EQ(ran.load(), 10);
}

TEST(ErrGroup, FirstErrorWinsAndCancelsTheContext) {
  conc::ErrGroup group(conc::Context::background());
  std::atomic<bool> saw_cancel{false};
  group.go([](const conc::Context&) { throw std::runtime_error("first"); });
  group.go([&](const conc::Context& ctx) {
    ctx.done().recv();  // until cancelled by the failure
    saw_cancel = ctx.err() == conc::ContextError::kCanceled;
    return std::make_error_code(std::errc::operation_canceled);
  });
  std::exception_ptr error = group.wait();
  ASSERT_NE(error, nullptr);
  EXPECT_TRUE(saw_cancel.load());
  try {
    std::rethrow_exception(error);
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "first");
  } catch (...) {
    ADD_FAILURE() << "the first error must be the runtime_error, not the later error_code";
  }
  EXPECT_TRUE(group.context().is_done()) << "wait() cancels the group's context";
}

TEST(ErrGroup, ErrorCodeBecomesSystemError) {
  conc::ErrGroup group;
  group.go([] { return std::make_error_code(std::errc::timed_out); });
  std::exception_ptr error = group.wait();
  ASSERT_NE(error, nullptr);
  try {
    std::rethrow_exception(error);
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::timed_out);
  }
}

TEST(ErrGroup, LimitBoundsConcurrency) {
  conc::ErrGroup group;
  group.set_limit(3);
  std::atomic<int> running{0}, peak{0};
  for (int i = 0; i < 20; ++i) {
    group.go([&] {
      int now = ++running;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(2ms);
      --running;
    });
  }
  EXPECT_EQ(group.wait(), nullptr);
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 2) << "the limit should still allow parallelism";
}

TEST(ErrGroup, TryGoRefusesWhenFull) {
  conc::ErrGroup group;
  group.set_limit(1);
  conc::Channel<int> release;
  EXPECT_TRUE(group.try_go([&] { release.recv(); }));
  EXPECT_FALSE(group.try_go([] {}));
  release.close();
  EXPECT_EQ(group.wait(), nullptr);
}

TEST(RateLimiter, BurstThenRefill) {
  conc::RateLimiter limiter(/*rate=*/50, /*burst=*/3);
  EXPECT_TRUE(limiter.allow());
  EXPECT_TRUE(limiter.allow());
  EXPECT_TRUE(limiter.allow());
  EXPECT_FALSE(limiter.allow()) << "the burst is spent";
  std::this_thread::sleep_for(60ms);  // 3 tokens at 50/s
  EXPECT_TRUE(limiter.allow());
  EXPECT_THROW(conc::RateLimiter(0, 1), std::invalid_argument);
  EXPECT_THROW(conc::RateLimiter(1, 0), std::invalid_argument);
}

TEST(RateLimiter, WaitPacesCallers) {
  conc::RateLimiter limiter(/*rate=*/100, /*burst=*/1);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(limiter.wait());
  // 1 token at once, 5 more at 10 ms each.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 45ms);
}

TEST(RateLimiter, WaitRespectsTheContext) {
  conc::RateLimiter limiter(/*rate=*/1, /*burst=*/1);
  EXPECT_TRUE(limiter.allow());
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 50ms);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(limiter.wait(ctx)) << "the next token comes after the deadline";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 40ms) << "it must not wait in vain";
  cancel();

  auto [ctx2, cancel2] = conc::with_cancel(conc::Context::background());
  std::jthread canceller([cancel2 = cancel2] {
    std::this_thread::sleep_for(20ms);
    cancel2();
  });
  EXPECT_FALSE(limiter.wait(ctx2));
  EXPECT_LT(limiter.tokens(), 1.0);
  EXPECT_GT(limiter.tokens(), -0.5) << "a cancelled wait gives its reservation back";
}

// A wait that would end after the deadline gives up at once, while the
// context is still live: ctx.err() is empty then, so `return ctx.err();`
// after a false wait() reported success. wait_error() names the reason.
TEST(RateLimiter, WaitErrorSaysWhyItGaveUp) {
  conc::RateLimiter limiter(/*rate=*/1.0 / 3600, /*burst=*/1);  // one token an hour
  EXPECT_TRUE(limiter.allow());
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 10min);
  const std::error_code err = limiter.wait_error(ctx);
  EXPECT_EQ(err, conc::RateLimitError::kWouldExceedDeadline);
  EXPECT_TRUE(err) << "giving up must not look like success";
  EXPECT_FALSE(ctx.err()) << "the context is still live";
  EXPECT_EQ(err.message(), "rate: wait would exceed context deadline");
  EXPECT_FALSE(limiter.wait(ctx));
  cancel();
  EXPECT_EQ(limiter.wait_error(ctx), conc::ContextError::kCanceled);

  conc::RateLimiter ready(/*rate=*/1, /*burst=*/1);
  EXPECT_FALSE(ready.wait_error(conc::Context::background())) << "a token was there";
}

TEST(CheckedMutex, WorksWithStandardLocks) {
  conc::CheckedMutex a("a"), b("b");
  long counter = 0;
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        std::scoped_lock both(a, b);  // std::lock: any order is fine
        ++counter;
      }
    });
  }
  threads.clear();
  EXPECT_EQ(counter, 40000);
  {
    std::unique_lock<conc::CheckedMutex> lock(a);
    ASSERT_TRUE(b.try_lock());
    b.unlock();
  }
}

TEST(CheckedMutex, ConsistentNestedOrderIsAccepted) {
  conc::CheckedMutex outer("outer"), middle("middle"), inner("inner");
  std::vector<std::jthread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        std::lock_guard l1(outer);
        std::lock_guard l2(middle);
        std::lock_guard l3(inner);
      }
    });
  }
}

}  // namespace
