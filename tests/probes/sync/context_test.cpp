// Context under races that the scheduler produces only rarely, forced with
// libconc's test hooks (hooks.h): cancel() against the timer thread, and two
// cancel() calls at once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "conc/context.h"
#include "hooks.h"

using namespace std::chrono_literals;
using conc_test::Point;

namespace {

// cancel() at the end of work that finishes at its deadline: the timer thread
// takes the same entry out of its map while cancel() is on its way to remove
// it. The entry must be erased once (before the fix: a heap use-after-free,
// reported by the ASan variant, and a corrupted timer map in the others).
TEST(Context, CancelRacingTheTimerErasesItsEntryOnce) {
  conc_test::Event timer_fired;
  conc_test::Hooks hooks([&](Point point, const void*, const char*) {
    if (point == Point::kTimerFired) timer_fired.set();
    if (point == Point::kContextRemovingTimer) {
      // Hold cancel() here until the deadline has passed and the timer
      // thread has taken the entry.
      EXPECT_TRUE(timer_fired.wait()) << "the timer thread never fired";
    }
  });
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 20ms);
  cancel();
  EXPECT_EQ(ctx.err(), conc::ContextError::kCanceled);
  EXPECT_TRUE(ctx.done().is_closed());

  // The timer service is intact: a later deadline still fires.
  auto [later, cancel_later] = conc::with_timeout(conc::Context::background(), 10ms);
  EXPECT_FALSE(later.done().recv().has_value());
  EXPECT_EQ(later.err(), conc::ContextError::kDeadlineExceeded);
  cancel_later();
}

// Same race, from the other side: polling err() at the deadline cancels from
// the polling thread while the timer thread fires.
TEST(Context, ErrAtTheDeadlineRacingTheTimerErasesItsEntryOnce) {
  conc_test::Event timer_fired;
  conc_test::Hooks hooks([&](Point point, const void*, const char*) {
    if (point == Point::kTimerFired) timer_fired.set();
    if (point == Point::kContextRemovingTimer) timer_fired.wait();
  });
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 20ms);
  while (!ctx.err()) std::this_thread::yield();  // err() itself cancels past the deadline
  EXPECT_EQ(ctx.err(), conc::ContextError::kDeadlineExceeded);
  cancel();
  auto [later, cancel_later] = conc::with_timeout(conc::Context::background(), 10ms);
  EXPECT_FALSE(later.done().recv().has_value());
  cancel_later();
}

}  // namespace

namespace {

// Two cancel() calls at once: the second must not return before the first
// has closed done() and requested the stop (Go holds the context's lock
// across the close). Before the fix the second returned at once, with
// done() still open, every time.
TEST(Context, SecondCancelReturnsOnlyOnceTheContextIsDone) {
  auto [ctx, cancel] = conc::with_cancel(conc::Context::background());
  conc_test::Event first_in_progress, release_first;
  std::atomic<bool> second_waits{false}, second_returned{false};
  conc_test::Hooks* hooks_ptr = nullptr;
  conc_test::Hooks hooks([&](Point point, const void*, const char* what) {
    if (point == Point::kContextErrorSet && !first_in_progress.is_set()) {
      first_in_progress.set();
      EXPECT_TRUE(release_first.wait());
    }
    if (point == Point::kBlocking && what != nullptr && std::string(what) == "context cancel") {
      second_waits = true;
      hooks_ptr->notify();
    }
  });
  hooks_ptr = &hooks;
  std::jthread first([&] { cancel(); });
  ASSERT_TRUE(first_in_progress.wait());
  bool done_when_second_returned = false;
  std::jthread second([&] {
    cancel();
    done_when_second_returned = ctx.done().is_closed() && ctx.stop_token().stop_requested();
    second_returned = true;
    hooks.notify();
  });
  EXPECT_TRUE(hooks.await([&] { return second_waits.load() || second_returned.load(); }));
  EXPECT_FALSE(second_returned.load()) << "the second cancel() returned while the first was "
                                          "still closing done()";
  release_first.set();
  first.join();
  second.join();
  EXPECT_TRUE(done_when_second_returned);
}

// A stop_callback that cancels its own context runs inside the first
// cancel(): it must return (the context is being cancelled by this very
// thread), not wait for itself.
TEST(Context, CancelFromAStopCallbackOfTheSameContextReturns) {
  auto [ctx, cancel] = conc::with_cancel(conc::Context::background());
  bool called = false;
  std::stop_callback again(ctx.stop_token(), [&, cancel = cancel] {
    cancel();
    called = true;
  });
  cancel();
  EXPECT_TRUE(called);
  EXPECT_TRUE(ctx.done().is_closed());
}

}  // namespace
