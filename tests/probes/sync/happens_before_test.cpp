// The happens-before claims of the public headers, one test each: a thread
// writes a plain (non-atomic) variable before the operation that the header
// says synchronizes, another thread reads it after the operation it pairs
// with. The value read is checked here; under ThreadSanitizer
// (conc_sync_tests_tsan, where libconc itself is instrumented) a claim that
// the code does not keep is a reported data race, which fails the test.
//
// Every reader thread is started BEFORE the write (thread creation would
// otherwise order them), and reads before it is joined (so would join).
// Where it matters which side waits first, the test hooks (hooks.h) make
// the waiting side sleep before the other arrives.
#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <variant>

#include "conc/channel.h"
#include "conc/checked_mutex.h"
#include "conc/context.h"
#include "conc/errgroup.h"
#include "conc/select.h"
#include "conc/waitgroup.h"
#include "hooks.h"

namespace {

// --- channel.h --------------------------------------------------------------

// "A send happens before the receive that gets its value completes."
TEST(HappensBefore, SendBeforeTheReceiveThatGetsItsValue) {
  for (std::size_t capacity : {0u, 1u, 4u}) {
    for (bool receiver_sleeps_first : {false, true}) {
      conc::Channel<int> channel(capacity);
      int payload = 0;
      int seen = -1;
      conc_test::Hooks hooks;
      std::thread receiver([&] {
        if (channel.recv()) seen = payload;
      });
      if (receiver_sleeps_first) ASSERT_TRUE(hooks.await_blocked(&channel));
      payload = 42;
      channel.send(1);
      receiver.join();
      EXPECT_EQ(seen, 42) << "capacity " << capacity;
    }
  }
}

// "Unbuffered: a receive happens before the send whose value it takes
// returns", whichever side arrives first.
TEST(HappensBefore, UnbufferedReceiveBeforeTheSendReturns) {
  for (bool sender_sleeps_first : {false, true}) {
    conc::Channel<int> channel;
    int payload = 0;
    int seen = -1;
    conc_test::Hooks hooks;
    std::thread sender([&] {
      channel.send(1);
      seen = payload;
    });
    if (sender_sleeps_first) ASSERT_TRUE(hooks.await_blocked(&channel));
    payload = 7;
    EXPECT_EQ(channel.recv(), 1);
    sender.join();
    EXPECT_EQ(seen, 7);
  }
}

// "Buffered with capacity C: the k-th receive happens before the (k+C)-th
// send completes." C = 1: the second send needs the slot the first receive
// frees.
TEST(HappensBefore, KthReceiveBeforeTheSendCapacityLaterCompletes) {
  for (bool sender_sleeps_first : {false, true}) {
    conc::Channel<int> channel(1);
    int payload = 0;
    int seen = -1;
    conc_test::Hooks hooks;
    channel.send(1);  // the 1st send; the 2nd waits for the 1st receive
    std::thread sender([&] {
      channel.send(2);
      seen = payload;
    });
    if (sender_sleeps_first) ASSERT_TRUE(hooks.await_blocked(&channel));
    payload = 9;
    EXPECT_EQ(channel.recv(), 1);
    sender.join();
    EXPECT_EQ(seen, 9);
    EXPECT_EQ(channel.recv(), 2);
  }
}

// "close() happens before a receive that returns std::nullopt because the
// channel is closed."
TEST(HappensBefore, CloseBeforeTheReceiveThatReportsIt) {
  for (std::size_t capacity : {0u, 4u}) {
    for (bool receiver_sleeps_first : {false, true}) {
      conc::Channel<int> channel(capacity);
      int payload = 0;
      int seen = -1;
      conc_test::Hooks hooks;
      std::thread receiver([&] {
        if (!channel.recv()) seen = payload;
      });
      if (receiver_sleeps_first) ASSERT_TRUE(hooks.await_blocked(&channel));
      payload = 5;
      channel.close();
      receiver.join();
      EXPECT_EQ(seen, 5) << "capacity " << capacity;
    }
  }
}

// "is_closed() returning true: close() happens before it."
TEST(HappensBefore, CloseBeforeIsClosedReturnsTrue) {
  conc::Channel<int> channel(2);
  int payload = 0;
  int seen = -1;
  std::thread observer([&] {
    while (!channel.is_closed()) std::this_thread::yield();
    seen = payload;
  });
  payload = 4;
  channel.close();
  observer.join();
  EXPECT_EQ(seen, 4);
}

// --- select.h ---------------------------------------------------------------

// "A case taken by select synchronizes exactly as the operation it stands
// for": here, a send before the select's receive of its value, and close()
// before a select's receive case that reports it.
TEST(HappensBefore, SelectCasesSynchronizeLikeTheirOperations) {
  for (std::size_t capacity : {0u, 4u}) {
    conc::Channel<int> quiet(capacity), busy(capacity);
    int sent_payload = 0, closed_payload = 0;
    int seen_sent = -1, seen_closed = -1;
    std::thread receiver([&] {
      conc::select(conc::recv(quiet, [](std::optional<int>) {}),
                   conc::recv(busy, [&](std::optional<int> v) {
                     if (v) seen_sent = sent_payload;
                   }));
      conc::select(conc::recv(busy, [&](std::optional<int> v) {
        if (!v) seen_closed = closed_payload;
      }));
    });
    sent_payload = 1;
    busy.send(1);
    closed_payload = 2;
    busy.close();
    receiver.join();
    EXPECT_EQ(seen_sent, 1) << "capacity " << capacity;
    EXPECT_EQ(seen_closed, 2) << "capacity " << capacity;
  }
}

// --- waitgroup.h ------------------------------------------------------------

// "done() happens before the wait() it releases returns": every done(),
// not only the last, whether the waiter slept or not.
TEST(HappensBefore, EveryDoneBeforeTheWaitItReleasesReturns) {
  for (bool waiter_sleeps_first : {false, true}) {
    conc::WaitGroup wg;
    int first = 0, second = 0;
    int seen_first = -1, seen_second = -1;
    conc_test::Hooks hooks;
    wg.add(2);
    std::thread waiter([&] {
      wg.wait();
      seen_first = first;
      seen_second = second;
    });
    if (waiter_sleeps_first) ASSERT_TRUE(hooks.await_blocked(&wg));
    std::thread worker([&] {
      first = 1;
      wg.done();
    });
    second = 2;
    wg.done();
    worker.join();
    waiter.join();
    EXPECT_EQ(seen_first, 1);
    EXPECT_EQ(seen_second, 2);
  }
}

// --- context.h --------------------------------------------------------------

// "cancel() happens before a thread sees err() set, done() closed or the
// stop requested."
TEST(HappensBefore, CancelBeforeErrDoneAndStopAreSeen) {
  auto [ctx, cancel] = conc::with_cancel(conc::Context::background());
  int payload = 0;
  int seen_done = -1, seen_err = -1, seen_stop = -1;
  std::thread on_done([&, ctx = ctx] {
    if (!ctx.done().recv()) seen_done = payload;
  });
  std::thread on_err([&, ctx = ctx] {
    while (!ctx.err()) std::this_thread::yield();
    seen_err = payload;
  });
  std::thread on_stop([&, ctx = ctx] {
    std::stop_token token = ctx.stop_token();
    while (!token.stop_requested()) std::this_thread::yield();
    seen_stop = payload;
  });
  payload = 3;
  cancel();
  on_done.join();
  on_err.join();
  on_stop.join();
  EXPECT_EQ(seen_done, 3);
  EXPECT_EQ(seen_err, 3);
  EXPECT_EQ(seen_stop, 3);
}

// --- errgroup.h -------------------------------------------------------------

// "Everything a task did happens before wait() returns", for every waiting
// thread, also one that found the tasks already being joined by another.
TEST(HappensBefore, TasksBeforeEveryWaitReturns) {
  conc::ErrGroup group;
  int payload = 0;
  int seen_by_other_waiter = -1;
  conc::Channel<int> release_task;
  group.go([&] {
    release_task.recv();
    payload = 11;
  });
  std::thread other_waiter([&] {
    group.wait();
    seen_by_other_waiter = payload;
  });
  release_task.send(1);
  group.wait();
  EXPECT_EQ(payload, 11);
  other_waiter.join();
  EXPECT_EQ(seen_by_other_waiter, 11);
}

// --- checked_mutex.h --------------------------------------------------------

// "An unlock() happens before the next lock() of the same CheckedMutex."
TEST(HappensBefore, UnlockBeforeTheNextLockOfTheSameCheckedMutex) {
  conc::CheckedMutex mutex("happens_before");
  int counter = 0;
  constexpr int kIncrements = 2000;
  auto add = [&] {
    for (int i = 0; i < kIncrements; ++i) {
      std::lock_guard<conc::CheckedMutex> lock(mutex);
      ++counter;
    }
  };
  std::thread other(add);
  add();
  other.join();
  EXPECT_EQ(counter, 2 * kIncrements);
}

}  // namespace
