// Channel semantics: buffered and unbuffered, close, range, timeouts,
// cancellation, move-only values, views.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "conc/channel.h"
#include "conc/context.h"

using namespace std::chrono_literals;

namespace {

TEST(Channel, BufferedKeepsOrderAndReportsSize) {
  conc::Channel<int> ch(3);
  EXPECT_EQ(ch.capacity(), 3u);
  EXPECT_TRUE(ch.send(1));
  EXPECT_TRUE(ch.send(2));
  EXPECT_TRUE(ch.send(3));
  EXPECT_EQ(ch.size(), 3u);
  EXPECT_FALSE(ch.try_send(4)) << "a full buffered channel must refuse try_send";
  EXPECT_EQ(ch.recv(), 1);
  EXPECT_EQ(ch.recv(), 2);
  EXPECT_TRUE(ch.try_send(4));
  EXPECT_EQ(ch.recv(), 3);
  EXPECT_EQ(ch.recv(), 4);
  EXPECT_EQ(ch.size(), 0u);
  EXPECT_EQ(ch.try_recv(), std::nullopt);
}

TEST(Channel, WrapsAroundManyLaps) {
  conc::Channel<int> ch(5);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(ch.try_send(i));
    if (i % 3 == 0) ASSERT_TRUE(ch.try_send(-i));
    ASSERT_EQ(ch.try_recv(), i);
    if (i % 3 == 0) ASSERT_EQ(ch.try_recv(), -i);
  }
}

TEST(Channel, CloseDrainsThenReturnsEmptyForever) {
  conc::Channel<std::string> ch(4);
  ch.send("a");
  ch.send(std::string("b"));
  ch.close();
  EXPECT_TRUE(ch.is_closed());
  EXPECT_EQ(ch.recv(), "a");
  EXPECT_EQ(ch.recv(), "b");
  EXPECT_EQ(ch.recv(), std::nullopt);
  EXPECT_EQ(ch.recv(), std::nullopt);
  EXPECT_EQ(ch.try_recv(), std::nullopt);
}

TEST(Channel, RangeForReceivesUntilClosed) {
  conc::Channel<int> ch(2);
  std::jthread producer([&] {
    for (int i = 1; i <= 100; ++i) ch.send(i);
    ch.close();
  });
  int sum = 0, count = 0;
  for (int v : ch) {
    sum += v;
    ++count;
  }
  EXPECT_EQ(count, 100);
  EXPECT_EQ(sum, 5050);
}

TEST(Channel, UnbufferedSendWaitsForReceiver) {
  conc::Channel<int> ch;
  EXPECT_EQ(ch.capacity(), 0u);
  EXPECT_FALSE(ch.try_send(1)) << "no receiver is waiting";
  std::atomic<bool> sent{false};
  std::jthread sender([&] {
    ch.send(42);
    sent = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(sent.load()) << "an unbuffered send completed with nobody receiving";
  EXPECT_EQ(ch.recv(), 42);
  sender.join();
  EXPECT_TRUE(sent.load());
}

TEST(Channel, UnbufferedTrySendSucceedsWithWaitingReceiver) {
  conc::Channel<int> ch;
  std::optional<int> got;
  std::jthread receiver([&] { got = ch.recv(); });
  bool delivered = false;
  for (int i = 0; i < 2000 && !delivered; ++i) {
    delivered = ch.try_send(7);
    if (!delivered) std::this_thread::sleep_for(1ms);
  }
  receiver.join();
  EXPECT_TRUE(delivered);
  EXPECT_EQ(got, 7);
}

TEST(Channel, UnbufferedCloseWakesBlockedReceivers) {
  conc::Channel<int> ch;
  std::vector<std::jthread> receivers;
  std::atomic<int> woke_empty{0};
  for (int i = 0; i < 4; ++i) {
    receivers.emplace_back([&] {
      if (!ch.recv()) ++woke_empty;
    });
  }
  std::this_thread::sleep_for(30ms);
  ch.close();
  receivers.clear();
  EXPECT_EQ(woke_empty.load(), 4);
}

TEST(Channel, BufferedCloseWakesBlockedReceivers) {
  conc::Channel<int> ch(8);
  std::atomic<int> woke_empty{0};
  {
    std::vector<std::jthread> receivers;
    for (int i = 0; i < 4; ++i) {
      receivers.emplace_back([&] {
        if (!ch.recv()) ++woke_empty;
      });
    }
    std::this_thread::sleep_for(30ms);
    ch.close();
  }
  EXPECT_EQ(woke_empty.load(), 4);
}

TEST(Channel, MoveOnlyValuesAndFailedSendKeepsTheValue) {
  conc::Channel<std::unique_ptr<int>> ch(1);
  auto first = std::make_unique<int>(1);
  EXPECT_TRUE(ch.try_send(std::move(first)));
  EXPECT_EQ(first, nullptr);
  auto second = std::make_unique<int>(2);
  EXPECT_FALSE(ch.try_send(std::move(second)));
  ASSERT_NE(second, nullptr) << "a failed try_send must not move from its argument";
  EXPECT_EQ(*second, 2);
  EXPECT_FALSE(ch.send_for(std::move(second), 10ms));
  ASSERT_NE(second, nullptr) << "a timed-out send must not move from its argument";
  auto got = ch.recv();
  ASSERT_TRUE(got && *got);
  EXPECT_EQ(**got, 1);

  conc::Channel<std::unique_ptr<int>> unbuffered;
  auto third = std::make_unique<int>(3);
  EXPECT_FALSE(unbuffered.send_for(std::move(third), 10ms));
  ASSERT_NE(third, nullptr);
  std::jthread receiver([&] {
    auto v = unbuffered.recv();
    ASSERT_TRUE(v && *v);
    EXPECT_EQ(**v, 3);
  });
  EXPECT_TRUE(unbuffered.send(std::move(third)));
}

TEST(Channel, CopiesLvalues) {
  conc::Channel<std::string> ch(1);
  std::string text = "kept";
  ch.send(text);
  EXPECT_EQ(text, "kept");
  EXPECT_EQ(ch.recv(), "kept");
}

TEST(Channel, TimeoutsExpire) {
  for (std::size_t capacity : {0u, 1u}) {
    conc::Channel<int> ch(capacity);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(ch.recv_for(30ms), std::nullopt);
    auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, 30ms);
    EXPECT_LT(waited, 5s);
    if (capacity == 1) ASSERT_TRUE(ch.try_send(0));
    start = std::chrono::steady_clock::now();
    EXPECT_FALSE(ch.send_for(1, 30ms));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
    EXPECT_FALSE(ch.send_until(1, std::chrono::system_clock::now() + 10ms));
    if (capacity == 1) {
      EXPECT_EQ(ch.recv_until(std::chrono::steady_clock::now() + 10ms), 0);
    }
  }
}

TEST(Channel, TimedReceiveGetsAValueThatArrivesInTime) {
  conc::Channel<int> ch;
  std::jthread sender([&] {
    std::this_thread::sleep_for(20ms);
    ch.send(5);
  });
  EXPECT_EQ(ch.recv_for(10s), 5);
}

TEST(Channel, StopTokenCancelsBlockedOperations) {
  for (std::size_t capacity : {0u, 1u}) {
    conc::Channel<int> ch(capacity);
    if (capacity == 1) ch.send(0);
    std::stop_source source;
    std::atomic<bool> send_result{true};
    std::jthread blocked_sender([&] { send_result = ch.send(1, source.get_token()); });
    std::this_thread::sleep_for(20ms);
    source.request_stop();
    blocked_sender.join();
    EXPECT_FALSE(send_result.load());
    if (capacity == 1) EXPECT_EQ(ch.recv(), 0);

    std::stop_source source2;
    std::optional<int> got = 99;
    std::jthread blocked_receiver([&] { got = ch.recv(source2.get_token()); });
    std::this_thread::sleep_for(20ms);
    source2.request_stop();
    blocked_receiver.join();
    EXPECT_EQ(got, std::nullopt);
  }
}

TEST(Channel, AlreadyStoppedTokenStillDeliversWhatIsReady) {
  conc::Channel<int> ch(1);
  std::stop_source source;
  source.request_stop();
  ch.send(3);
  EXPECT_EQ(ch.recv(source.get_token()), 3) << "a ready value is taken, as Go's select would";
  EXPECT_EQ(ch.recv(source.get_token()), std::nullopt);
}

TEST(Channel, ContextDeadlineAndCancel) {
  conc::Channel<int> ch;
  auto start = std::chrono::steady_clock::now();
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 30ms);
  EXPECT_EQ(ch.recv(ctx), std::nullopt);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  EXPECT_EQ(ctx.err(), conc::ContextError::kDeadlineExceeded);
  cancel();

  auto [ctx2, cancel2] = conc::with_cancel(conc::Context::background());
  std::jthread canceller([&, cancel2 = cancel2] {
    std::this_thread::sleep_for(20ms);
    cancel2();
  });
  EXPECT_FALSE(ch.send(1, ctx2));
  EXPECT_EQ(ctx2.err(), conc::ContextError::kCanceled);
}

void Produce(conc::Sender<int> out, int n) {
  for (int i = 0; i < n; ++i) out.send(i);
  out.close();
}

int Consume(conc::Receiver<int> in) {
  int sum = 0;
  for (int v : in) sum += v;
  return sum;
}

TEST(Channel, SenderAndReceiverViews) {
  conc::Channel<int> ch(4);
  std::jthread producer(Produce, ch.sender(), 10);
  EXPECT_EQ(Consume(ch), 45);
}

TEST(Channel, NilViewsBlockUntilTimeout) {
  conc::Receiver<int> nil_receiver;
  conc::Sender<int> nil_sender;
  EXPECT_FALSE(nil_receiver);
  EXPECT_EQ(nil_receiver.try_recv(), std::nullopt);
  EXPECT_EQ(nil_receiver.recv_for(10ms), std::nullopt);
  EXPECT_FALSE(nil_sender.try_send(1));
  EXPECT_FALSE(nil_sender.send_for(1, 10ms));
}

TEST(Channel, DestroysBufferedValues) {
  auto tracker = std::make_shared<int>(0);
  {
    conc::Channel<std::shared_ptr<int>> ch(4);
    ch.send(tracker);
    ch.send(tracker);
    EXPECT_EQ(tracker.use_count(), 3);
  }
  EXPECT_EQ(tracker.use_count(), 1) << "the channel leaked buffered values";
}

}  // namespace
