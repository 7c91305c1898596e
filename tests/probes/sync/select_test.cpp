// conc::select: readiness, fairness, timeouts, default, cancellation.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "conc/context.h"
#include "conc/select.h"

using namespace std::chrono_literals;

namespace {

TEST(Select, TakesTheReadyCaseAndReturnsItsPosition) {
  conc::Channel<int> a(1), b(1);
  b.send(7);
  std::optional<int> got;
  int taken = conc::select(conc::recv(a, [&](std::optional<int> v) { got = v; }),
                           conc::recv(b, [&](std::optional<int> v) { got = v; }));
  EXPECT_EQ(taken, 1);
  EXPECT_EQ(got, 7);
}

TEST(Select, FairAmongReadyCases) {
  conc::Channel<int> a(1), b(1), c(1);
  int counts[3] = {};
  constexpr int kRounds = 30000;
  for (int i = 0; i < kRounds; ++i) {
    a.try_send(0);
    b.try_send(1);
    c.try_send(2);
    int taken = conc::select(conc::recv(a, [] {}), conc::recv(b, [] {}), conc::recv(c, [] {}));
    ASSERT_GE(taken, 0);
    ASSERT_LT(taken, 3);
    ++counts[taken];
  }
  for (int n : counts) {
    // Uniform choice: each case ~10000; 9000..11000 is > 20 standard deviations.
    EXPECT_GT(n, kRounds / 3 - 1000);
    EXPECT_LT(n, kRounds / 3 + 1000);
  }
}

// Uniform among the ready cases wherever they stand: a case that is never
// ready must not hand its share to the case after it. Before the fix (a
// rotation from a random start) `a` won two selects in three here.
TEST(Select, UniformAmongReadyCasesWhateverTheirPlace) {
  conc::Channel<int> never(1), a(1), b(1);
  int counts[3] = {};
  constexpr int kRounds = 30000;
  for (int i = 0; i < kRounds; ++i) {
    a.try_send(0);
    b.try_send(1);
    int taken = conc::select(conc::recv(never, [] {}), conc::recv(a, [] {}), conc::recv(b, [] {}));
    ASSERT_TRUE(taken == 1 || taken == 2) << taken;
    ++counts[taken];
  }
  // Each ~15000; 14000..16000 is > 11 standard deviations (sd ~87).
  EXPECT_GT(counts[1], kRounds / 2 - 1000) << counts[1] << " vs " << counts[2];
  EXPECT_LT(counts[1], kRounds / 2 + 1000) << counts[1] << " vs " << counts[2];
}

TEST(Select, DefaultWhenNothingIsReady) {
  conc::Channel<int> a(1);
  conc::Channel<int> unbuffered;
  bool defaulted = false;
  int taken = conc::select(conc::recv(a, [] {}), conc::send(unbuffered, 1),
                           conc::default_case([&] { defaulted = true; }));
  EXPECT_EQ(taken, 2);
  EXPECT_TRUE(defaulted);
  a.send(1);
  taken = conc::select(conc::recv(a, [] {}), conc::default_case());
  EXPECT_EQ(taken, 0);
}

TEST(Select, TimeoutFiresWhenNothingArrives) {
  conc::Channel<int> a, b(2);
  b.send(0);
  b.send(0);  // full: a send case on b is not ready
  bool timed_out = false;
  auto start = std::chrono::steady_clock::now();
  int taken = conc::select(conc::recv(a, [] {}), conc::send(b, 1),
                           conc::after(40ms, [&] { timed_out = true; }));
  EXPECT_EQ(taken, 2);
  EXPECT_TRUE(timed_out);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 40ms);
}

TEST(Select, WakesForAValueThatArrivesBeforeTheTimeout) {
  for (std::size_t capacity : {0u, 4u}) {
    conc::Channel<int> a(capacity), b(capacity);
    std::jthread sender([&] {
      std::this_thread::sleep_for(20ms);
      b.send(9);
    });
    std::optional<int> got;
    int taken = conc::select(conc::recv(a, [] {}),
                             conc::recv(b, [&](std::optional<int> v) { got = v; }),
                             conc::after(10s, [] {}));
    EXPECT_EQ(taken, 1);
    EXPECT_EQ(got, 9);
  }
}

TEST(Select, SendCaseHandsOverToABlockedReceiver) {
  conc::Channel<std::unique_ptr<int>> out;
  std::jthread receiver([&] {
    auto v = out.recv();
    ASSERT_TRUE(v && *v);
    EXPECT_EQ(**v, 5);
  });
  auto value = std::make_unique<int>(5);
  bool sent = false;
  int taken = conc::select(conc::send(out, std::move(value), [&] { sent = true; }),
                           conc::after(10s));
  EXPECT_EQ(taken, 0);
  EXPECT_TRUE(sent);
  EXPECT_EQ(value, nullptr) << "the taken send case moved the value";
}

TEST(Select, SendCaseNotTakenKeepsTheValue) {
  conc::Channel<std::unique_ptr<int>> out;
  auto value = std::make_unique<int>(5);
  int taken = conc::select(conc::send(out, std::move(value)), conc::default_case());
  EXPECT_EQ(taken, 1);
  ASSERT_NE(value, nullptr);
}

TEST(Select, TwoSelectsMeetOnAnUnbufferedChannel) {
  conc::Channel<int> ch, never;
  std::optional<int> got;
  std::jthread receiver([&] {
    conc::select(conc::recv(ch, [&](std::optional<int> v) { got = v; }), conc::recv(never, [] {}));
  });
  std::this_thread::sleep_for(10ms);
  int taken = conc::select(conc::recv(never, [] {}), conc::send(ch, 11));
  EXPECT_EQ(taken, 1);
  receiver.join();
  EXPECT_EQ(got, 11);
}

TEST(Select, NeverPairsWithItself) {
  conc::Channel<int> ch;
  int taken = conc::select(conc::send(ch, 1), conc::recv(ch, [] {}), conc::after(20ms));
  EXPECT_EQ(taken, 2) << "a select must not hand its own send to its own receive";
}

TEST(Select, TwoSymmetricSelectsPairUp) {
  conc::Channel<int> ch;
  std::atomic<int> sends{0}, receives{0};
  auto both_ways = [&](int value) {
    conc::select(conc::send(ch, value, [&] { ++sends; }),
                 conc::recv(ch, [&](std::optional<int> v) {
                   if (v) ++receives;
                 }));
  };
  for (int round = 0; round < 200; ++round) {
    std::jthread a(both_ways, 1);
    std::jthread b(both_ways, 2);
    a.join();
    b.join();
    ASSERT_EQ(sends.load(), round + 1);
    ASSERT_EQ(receives.load(), round + 1);
  }
}

TEST(Select, ClosedChannelIsAlwaysReady) {
  conc::Channel<int> open, closed;
  closed.close();
  bool saw_close = false;
  int taken = conc::select(conc::recv(open, [] {}), conc::recv(closed, [&](std::optional<int> v) {
                             saw_close = !v.has_value();
                           }));
  EXPECT_EQ(taken, 1);
  EXPECT_TRUE(saw_close);
}

TEST(Select, CloseWakesABlockedSelect) {
  conc::Channel<int> a, b(3);
  std::jthread closer([&] {
    std::this_thread::sleep_for(20ms);
    b.close();
  });
  bool saw_close = false;
  int taken = conc::select(conc::recv(a, [] {}),
                           conc::recv(b, [&](std::optional<int> v) { saw_close = !v; }));
  EXPECT_EQ(taken, 1);
  EXPECT_TRUE(saw_close);
}

TEST(Select, NilCasesAreNeverReady) {
  conc::Receiver<int> nil;
  int taken = conc::select(conc::recv(nil, [] {}), conc::after(10ms));
  EXPECT_EQ(taken, 1);
  EXPECT_EQ(conc::select(conc::recv(conc::Context::background().done(), [] {}),
                         conc::default_case()),
            1);
}

TEST(Select, ContextDoneAndStopToken) {
  conc::Channel<int> work;
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 20ms);
  int taken = conc::select(conc::recv(work, [] {}), conc::recv(ctx.done(), [] {}));
  EXPECT_EQ(taken, 1);
  EXPECT_EQ(ctx.err(), conc::ContextError::kDeadlineExceeded);
  cancel();

  std::stop_source source;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(20ms);
    source.request_stop();
  });
  bool stopped = false;
  taken = conc::select(conc::recv(work, [] {}),
                       conc::on_stop(source.get_token(), [&] { stopped = true; }));
  EXPECT_EQ(taken, 1);
  EXPECT_TRUE(stopped);
}

TEST(Select, CallbacksMaySelectAgain) {
  conc::Channel<int> a(1), b(1);
  a.send(1);
  b.send(2);
  int inner = -1;
  conc::select(conc::recv(a, [&] {
                 inner = conc::select(conc::recv(b, [] {}), conc::default_case());
               }),
               conc::recv(b, [&] {
                 inner = conc::select(conc::recv(a, [] {}), conc::default_case());
               }));
  EXPECT_EQ(inner, 0);
}

}  // namespace
