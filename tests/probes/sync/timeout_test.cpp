// Timeouts and deadlines at the ends of their types: hours::max(),
// seconds::max(), nanoseconds::max(), time_point::max() must wait (for
// ever, in effect), and the ::min() ends must give up at once. Before the
// fix `now + timeout` overflowed: every max case below returned at once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include "conc/context.h"
#include "conc/select.h"
#include "conc/waitgroup.h"
#include "hooks.h"

using namespace std::chrono_literals;

namespace {

// Runs `wait` on a thread and checks that it goes to sleep on `object`
// instead of returning; then runs `release` (which must not block: the wait
// may have given up already) and returns what `wait` returned.
bool SleepsUntilReleased(const void* object, const std::function<bool()>& wait,
                         const std::function<void()>& release) {
  conc_test::Hooks hooks;
  std::atomic<bool> returned{false};
  bool result = false;
  std::jthread waiter([&] {
    result = wait();
    returned = true;
    hooks.notify();
  });
  EXPECT_TRUE(hooks.await_blocked_or(object, 1, [&] { return returned.load(); }));
  EXPECT_FALSE(returned.load()) << "gave up at once instead of waiting";
  release();
  waiter.join();
  return result;
}

TEST(Timeouts, ReceiveForTheLongestDurationsWaits) {
  for (std::size_t capacity : {0u, 2u}) {
    conc::Channel<int> ch(capacity);
    auto send_one = [&] { ch.try_send(7); };  // never blocks the test
    EXPECT_TRUE(SleepsUntilReleased(
        &ch, [&] { return ch.recv_for(std::chrono::hours::max()) == 7; }, send_one));
    EXPECT_TRUE(SleepsUntilReleased(
        &ch, [&] { return ch.recv_for(std::chrono::seconds::max()) == 7; }, send_one));
    EXPECT_TRUE(SleepsUntilReleased(
        &ch, [&] { return ch.recv_for(std::chrono::nanoseconds::max()) == 7; }, send_one));
    EXPECT_TRUE(SleepsUntilReleased(
        &ch, [&] { return ch.recv_for(std::chrono::duration<double>(1e300)) == 7; }, send_one));
    EXPECT_TRUE(SleepsUntilReleased(
        &ch, [&] { return ch.recv_until(std::chrono::steady_clock::time_point::max()) == 7; },
        send_one));
    EXPECT_TRUE(SleepsUntilReleased(
        &ch, [&] { return ch.recv_until(std::chrono::system_clock::time_point::max()) == 7; },
        send_one));
  }
}

TEST(Timeouts, SendForTheLongestDurationWaits) {
  conc::Channel<int> ch;
  std::optional<int> got;
  EXPECT_TRUE(SleepsUntilReleased(
      &ch, [&] { return ch.send_for(3, std::chrono::hours::max()); }, [&] { got = ch.try_recv(); }));
  EXPECT_EQ(got, 3);
}

TEST(Timeouts, SelectAfterTheLongestDurationWaits) {
  conc::Channel<int> ch;
  EXPECT_TRUE(SleepsUntilReleased(
      nullptr,  // select sleeps on no single object
      [&] {
        return conc::select(conc::recv(ch, [] {}), conc::after(std::chrono::hours::max())) == 0;
      },
      [&] { ch.try_send(1); }));
}

TEST(Timeouts, WaitGroupWaitForTheLongestDurationWaits) {
  conc::WaitGroup wg;
  wg.add(1);
  EXPECT_TRUE(SleepsUntilReleased(
      &wg, [&] { return wg.wait_for(std::chrono::seconds::max()); }, [&] { wg.done(); }));
  wg.add(1);
  EXPECT_TRUE(SleepsUntilReleased(
      &wg, [&] { return wg.wait_until(std::chrono::system_clock::time_point::max()); },
      [&] { wg.done(); }));
}

TEST(Timeouts, ContextWithTheLongestTimeoutIsLive) {
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), std::chrono::hours::max());
  EXPECT_FALSE(ctx.err());
  EXPECT_FALSE(ctx.done().is_closed());
  ASSERT_TRUE(ctx.deadline());
  EXPECT_GT(*ctx.deadline(), std::chrono::steady_clock::now() + 24h * 365 * 50);
  cancel();
  auto [far, cancel_far] =
      conc::with_deadline(conc::Context::background(), std::chrono::system_clock::time_point::max());
  EXPECT_FALSE(far.err());
  cancel_far();
}

TEST(Timeouts, TheMostNegativeDurationsGiveUpAtOnce) {
  conc::Channel<int> ch;
  EXPECT_EQ(ch.recv_for(std::chrono::hours::min()), std::nullopt);
  EXPECT_EQ(ch.recv_for(std::chrono::nanoseconds::min()), std::nullopt);
  EXPECT_EQ(ch.recv_until(std::chrono::system_clock::time_point::min()), std::nullopt);
  EXPECT_FALSE(ch.send_for(1, std::chrono::seconds::min()));
  conc::WaitGroup wg;
  wg.add(1);
  EXPECT_FALSE(wg.wait_for(std::chrono::seconds::min()));
  EXPECT_FALSE(wg.wait_until(std::chrono::steady_clock::time_point::min()));
  wg.done();
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), std::chrono::hours::min());
  EXPECT_EQ(ctx.err(), conc::ContextError::kDeadlineExceeded);
  cancel();
}

}  // namespace
