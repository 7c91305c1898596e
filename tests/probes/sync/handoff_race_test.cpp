// The unbuffered handoff's races, each forced with the test hooks: a partner
// stops right after it has selected a waiter and before the value is marked
// ready (Point::kHandoffSelected), and the test makes the competing event
// happen in that window: a close, a second sender, the waiter's deadline, a
// cancellation. In every case the selection wins: the waiter gets the value,
// the partner's operation reports success, and nothing is lost or
// delivered twice. No timing decides an outcome: each step waits for the
// previous one through an Event or the hooks' counters.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <optional>
#include <stop_token>
#include <thread>

#include "conc/channel.h"
#include "conc/select.h"
#include "hooks.h"

using conc_test::Point;

namespace {

// A handler that stops the first thread reaching kHandoffSelected on
// `channel` until `release` is set, after setting `selected`.
struct HoldTheHandoff {
  const void* channel;
  conc_test::Event* selected;
  conc_test::Event* release;
  void operator()(Point point, const void* object, const char*) const {
    if (point == Point::kHandoffSelected && object == channel && !selected->is_set()) {
      selected->set();
      release->wait();
    }
  }
};

TEST(HandoffRace, CloseWhileTheSenderHoldsItsReceiverStillDeliversTheValue) {
  conc::Channel<int> ch;
  conc_test::Event selected, release;
  conc_test::Hooks hooks(HoldTheHandoff{&ch, &selected, &release});
  std::optional<int> got;
  std::jthread receiver([&] { got = ch.recv(); });
  ASSERT_TRUE(hooks.await_blocked(&ch));
  bool sent = false;
  std::jthread sender([&] { sent = ch.send(7); });
  ASSERT_TRUE(selected.wait());
  ch.close();  // the value is between the sender and its receiver
  EXPECT_TRUE(ch.is_closed());
  release.set();
  sender.join();
  receiver.join();
  EXPECT_TRUE(sent);
  EXPECT_EQ(got, 7) << "a close must not take a value already handed over";
  EXPECT_EQ(ch.recv(), std::nullopt);
}

TEST(HandoffRace, CloseWhileTheReceiverHoldsItsSenderStillCompletesTheSend) {
  conc::Channel<int> ch;
  conc_test::Event selected, release;
  conc_test::Hooks hooks(HoldTheHandoff{&ch, &selected, &release});
  bool sent = false;
  std::jthread sender([&] { sent = ch.send(8); });
  ASSERT_TRUE(hooks.await_blocked(&ch));
  std::optional<int> got;
  std::jthread receiver([&] { got = ch.recv(); });
  ASSERT_TRUE(selected.wait());
  ch.close();
  release.set();
  receiver.join();
  sender.join();
  EXPECT_EQ(got, 8);
  EXPECT_TRUE(sent) << "a send whose value was taken must not report the close";
}

// A select waits on two unbuffered channels; a sender arrives on each at
// once. One wins the select; the other must not deliver into it, and must
// keep its value for the next receiver.
TEST(HandoffRace, TwoSendersRacingForOneSelectDeliverExactlyOnce) {
  conc::Channel<int> a, b;
  std::atomic<const void*> winner{nullptr};
  conc_test::Event won, release;
  conc_test::Hooks hooks([&](Point point, const void* object, const char*) {
    if (point != Point::kHandoffSelected || (object != &a && object != &b)) return;
    const void* none = nullptr;
    if (winner.compare_exchange_strong(none, object)) {
      won.set();
      release.wait();
    }
  });
  std::optional<int> got;
  int taken = -1;
  std::jthread selector([&] {
    taken = conc::select(conc::recv(a, [&](std::optional<int> v) { got = v; }),
                         conc::recv(b, [&](std::optional<int> v) { got = v; }));
  });
  ASSERT_TRUE(hooks.await_site("select"));
  bool sent_a = false, sent_b = false;
  std::jthread sender_a([&] { sent_a = a.send(1); });
  std::jthread sender_b([&] { sent_b = b.send(2); });
  ASSERT_TRUE(won.wait());
  conc::Channel<int>* loser = winner.load() == &a ? &b : &a;
  // The loser found the select taken and waits for another receiver.
  ASSERT_TRUE(hooks.await_blocked(loser));
  release.set();
  selector.join();
  const bool a_won = winner.load() == &a;
  EXPECT_EQ(taken, a_won ? 0 : 1);
  EXPECT_EQ(got, a_won ? 1 : 2);
  EXPECT_EQ(loser->recv(), a_won ? 2 : 1) << "the losing sender's value was lost";
  sender_a.join();
  sender_b.join();
  EXPECT_TRUE(sent_a);
  EXPECT_TRUE(sent_b);
}

// The receiver's deadline passes after a sender has selected it, before the
// value is marked ready: the selection wins, the receive returns the value.
TEST(HandoffRace, ATimeoutAfterTheSelectionStillReceivesTheValue) {
  conc::Channel<int> ch;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
  conc_test::Event receiver_asleep, deadline_passed, selected, release;
  conc_test::Hooks hooks([&](Point point, const void* object, const char* what) {
    if (object != &ch) return;
    if (point == Point::kBlocking && what != nullptr && std::strcmp(what, "chan receive") == 0) {
      // The receiver is enrolled and about to check its deadline: hold it
      // until a sender has selected it and the deadline is past.
      receiver_asleep.set();
      deadline_passed.wait();
    } else if (point == Point::kHandoffSelected && !selected.is_set()) {
      selected.set();
      release.wait();
    }
  });
  std::optional<int> got;
  std::jthread receiver([&] { got = ch.recv_until(deadline); });
  ASSERT_TRUE(receiver_asleep.wait());
  bool sent = false;
  std::jthread sender([&] { sent = ch.send(9); });
  ASSERT_TRUE(selected.wait());
  std::this_thread::sleep_until(deadline + std::chrono::milliseconds(1));  // past, for sure
  deadline_passed.set();
  // Selected and past its deadline: the receiver waits for the value.
  ASSERT_TRUE(hooks.await_site("chan handoff"));
  release.set();
  sender.join();
  receiver.join();
  EXPECT_TRUE(sent);
  EXPECT_EQ(got, 9) << "a receive whose deadline passed after its selection dropped the value";
}

// Cancellation while the partner moves the value: the selection wins.
TEST(HandoffRace, ACancelledReceiverAlreadySelectedGetsTheValue) {
  conc::Channel<int> ch;
  conc_test::Event selected, release;
  conc_test::Hooks hooks(HoldTheHandoff{&ch, &selected, &release});
  std::stop_source stop;
  std::optional<int> got;
  std::jthread receiver([&] { got = ch.recv(stop.get_token()); });
  ASSERT_TRUE(hooks.await_blocked(&ch));
  bool sent = false;
  std::jthread sender([&] { sent = ch.send(4); });
  ASSERT_TRUE(selected.wait());
  stop.request_stop();  // runs the receiver's stop callback here, now
  release.set();
  sender.join();
  receiver.join();
  EXPECT_TRUE(sent);
  EXPECT_EQ(got, 4);
}

TEST(HandoffRace, ACancelledSenderWhoseValueIsBeingTakenReportsSuccess) {
  conc::Channel<int> ch;
  conc_test::Event selected, release;
  conc_test::Hooks hooks(HoldTheHandoff{&ch, &selected, &release});
  std::stop_source stop;
  bool sent = false;
  std::jthread sender([&] { sent = ch.send(5, stop.get_token()); });
  ASSERT_TRUE(hooks.await_blocked(&ch));
  std::optional<int> got;
  std::jthread receiver([&] { got = ch.recv(); });
  ASSERT_TRUE(selected.wait());
  stop.request_stop();
  release.set();
  receiver.join();
  sender.join();
  EXPECT_EQ(got, 5);
  EXPECT_TRUE(sent) << "the value was taken: the send happened, cancelled or not";
}

TEST(HandoffRace, ASelectCancelledAfterItsRecvCaseWasSelectedTakesThatCase) {
  conc::Channel<int> ch;
  conc_test::Event selected, release;
  conc_test::Hooks hooks(HoldTheHandoff{&ch, &selected, &release});
  std::stop_source stop;
  std::optional<int> got;
  int taken = -1;
  std::jthread selector([&] {
    taken = conc::select(conc::recv(ch, [&](std::optional<int> v) { got = v; }),
                         conc::on_stop(stop.get_token()));
  });
  ASSERT_TRUE(hooks.await_site("select"));
  bool sent = false;
  std::jthread sender([&] { sent = ch.send(6); });
  ASSERT_TRUE(selected.wait());
  stop.request_stop();
  release.set();
  sender.join();
  selector.join();
  EXPECT_TRUE(sent);
  EXPECT_EQ(taken, 0);
  EXPECT_EQ(got, 6);
}

}  // namespace
