// std::bad_alloc inside a blocking operation (alloc_failure.h makes the
// chosen allocation fail): the operation throws, and leaves nothing behind:
// no channel lock held, no select case registered with a dead frame, no
// std::terminate from a noexcept function. Before the fix each test below
// hung on the channel's lock, handed a value to a dead select, or
// terminated the process.
#include <gtest/gtest.h>

#include <memory>
#include <new>
#include <optional>
#include <thread>
#include <vector>

#include "alloc_failure.h"
#include "conc/select.h"
#include "hooks.h"

namespace {

// Takes this thread's Waiter now, so that the allocation made to register
// a wait is the first one an operation makes.
void TakeWaiter() {
  conc::Channel<int> unused;
  conc::select(conc::recv(unused, [] {}), conc::default_case());
}

// After a failed registration, the channel's wait lists still work: a
// receive on another thread sleeps on it and gets a value, and close()
// returns. (A channel left locked hangs both; the bounds turn the hang
// into a failure.)
void ExpectChannelStillWorks(const std::shared_ptr<conc::Channel<int>>& ch) {
  conc_test::Hooks hooks;
  auto received = std::make_shared<std::optional<int>>();
  auto finished = std::make_shared<conc_test::Event>();
  std::thread receiver([ch, received, finished] {
    *received = ch->recv();
    finished->set();
  });
  EXPECT_TRUE(hooks.await_blocked_or(ch.get(), 1, [&] { return finished->is_set(); }))
      << "a receive could not register: the channel is still locked";
  EXPECT_TRUE(ch->try_send(5));
  if (!finished->wait()) {
    receiver.detach();
    ADD_FAILURE() << "the receive never finished";
    return;
  }
  receiver.join();
  EXPECT_EQ(*received, 5);
  auto closed = std::make_shared<conc_test::Event>();
  std::thread closer([ch, closed] {
    ch->close();
    closed->set();
  });
  if (closed->wait()) {
    closer.join();
  } else {
    closer.detach();
    ADD_FAILURE() << "close() never returned: the channel is still locked";
  }
}

TEST(ExceptionSafety, BufferedReceiveThatCannotRegisterThrowsAndUnlocks) {
  auto ch = std::make_shared<conc::Channel<int>>(1);
  TakeWaiter();
  {
    conc_test::FailAllocation fail(0);
    EXPECT_THROW(ch->recv_for(std::chrono::hours(1)), std::bad_alloc);
    EXPECT_EQ(fail.attempts(), 1);
  }
  ExpectChannelStillWorks(ch);
}

TEST(ExceptionSafety, BufferedSendThatCannotRegisterThrowsAndUnlocks) {
  auto ch = std::make_shared<conc::Channel<int>>(1);
  ch->send(0);  // full
  TakeWaiter();
  {
    conc_test::FailAllocation fail(0);
    EXPECT_THROW(ch->send_for(1, std::chrono::hours(1)), std::bad_alloc);
  }
  EXPECT_EQ(ch->recv(), 0);
  ExpectChannelStillWorks(ch);
}

TEST(ExceptionSafety, UnbufferedOperationsThatCannotRegisterThrowAndUnlock) {
  auto ch = std::make_shared<conc::Channel<int>>();
  TakeWaiter();
  {
    conc_test::FailAllocation fail(0);
    EXPECT_THROW(ch->send_for(1, std::chrono::hours(1)), std::bad_alloc);
  }
  {
    conc_test::FailAllocation fail(0);
    EXPECT_THROW(ch->recv_for(std::chrono::hours(1)), std::bad_alloc);
  }
  ExpectChannelStillWorks(ch);
}

// The second case's registration fails after the first case registered:
// the first must be withdrawn before the select's frame dies, or a sender
// hands its value to that dead frame (try_send "succeeds" with nobody
// receiving; ASan: stack-use-after-scope).
TEST(ExceptionSafety, SelectWhoseLaterCaseCannotRegisterWithdrawsTheEarlierOnes) {
  conc::Channel<int> first, second;
  TakeWaiter();
  {
    conc_test::FailAllocation fail(1);  // first registers, second fails
    EXPECT_THROW(conc::select(conc::recv(first, [](std::optional<int>) {}),
                              conc::recv(second, [](std::optional<int>) {})),
                 std::bad_alloc);
  }
  EXPECT_FALSE(first.try_send(1)) << "a case of a select that threw still took a value";
  EXPECT_FALSE(second.try_send(1));
}

// A thread whose first blocking call cannot allocate its Waiter gets
// std::bad_alloc (before the fix: std::terminate, from a noexcept
// function), and can block normally once memory is back. The pool may hold
// a Waiter from an earlier thread, which needs no allocation: such threads
// keep theirs and the next thread tries, until one has to allocate.
TEST(ExceptionSafety, FirstBlockingCallThatCannotAllocateTheWaiterThrows) {
  conc_test::Event finish;
  std::vector<std::thread> holding;
  enum class Outcome { kPooled, kThrew, kNoThrow };
  Outcome outcome = Outcome::kPooled;
  for (int i = 0; i < 10000 && outcome == Outcome::kPooled; ++i) {
    conc_test::Event tried;
    holding.emplace_back([&] {
      conc::Channel<int> ch;
      bool threw = false;
      int attempts = 0;
      {
        conc_test::FailAllocation fail(0, /*and_every_later=*/true);
        try {
          conc::select(conc::recv(ch, [] {}), conc::default_case());
        } catch (const std::bad_alloc&) {
          threw = true;
        }
        attempts = fail.attempts();
      }
      outcome = threw ? Outcome::kThrew : attempts == 0 ? Outcome::kPooled : Outcome::kNoThrow;
      if (threw) {
        // Memory is back: the same thread blocks normally now.
        EXPECT_EQ(conc::select(conc::recv(ch, [] {}), conc::default_case()), 1);
      }
      tried.set();
      finish.wait();  // keeps a pooled Waiter out of the pool
    });
    ASSERT_TRUE(tried.wait());
  }
  finish.set();
  for (std::thread& thread : holding) thread.join();
  EXPECT_EQ(outcome, Outcome::kThrew);
}

}  // namespace
