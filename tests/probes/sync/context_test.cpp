// Context under races that the scheduler produces only rarely, forced with
// libconc's test hooks (hooks.h): cancel() against the timer thread, and two
// cancel() calls at once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
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
