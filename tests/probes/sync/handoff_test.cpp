// The unbuffered handoff when the partner stalls between selecting a waiter
// and marking the value ready (preempted, or running at a lower priority on
// the same core): the waiter must go to sleep, not spin or yield in a loop
// until the partner runs again. Before the fix it never slept (it yielded
// for ever), so the hook below waited in vain.
#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "conc/channel.h"
#include "hooks.h"

using conc_test::Point;

namespace {

// The partner (this thread) stops at the hook until the waiter sleeps.
conc_test::Hooks::Handler StallUntilTheWaiterSleeps(const void* channel, conc_test::Hooks*& hooks,
                                                    bool& slept) {
  return [channel, &hooks, &slept](Point point, const void* object, const char*) {
    if (point == Point::kHandoffSelected && object == channel) {
      slept = hooks->await_site("chan handoff");
    }
  };
}

TEST(Handoff, AReceiverWhoseSenderStallsSleeps) {
  conc::Channel<int> ch;
  conc_test::Hooks* hooks_ptr = nullptr;
  bool slept = false;
  conc_test::Hooks hooks(StallUntilTheWaiterSleeps(&ch, hooks_ptr, slept));
  hooks_ptr = &hooks;
  std::optional<int> got;
  std::jthread receiver([&] { got = ch.recv(); });
  ASSERT_TRUE(hooks.await_blocked(&ch));
  ch.send(5);
  receiver.join();
  EXPECT_TRUE(slept) << "the receiver never slept while its sender stalled";
  EXPECT_EQ(got, 5);
}

TEST(Handoff, ASenderWhoseReceiverStallsSleeps) {
  conc::Channel<int> ch;
  conc_test::Hooks* hooks_ptr = nullptr;
  bool slept = false;
  conc_test::Hooks hooks(StallUntilTheWaiterSleeps(&ch, hooks_ptr, slept));
  hooks_ptr = &hooks;
  bool sent = false;
  std::jthread sender([&] { sent = ch.send(6); });
  ASSERT_TRUE(hooks.await_blocked(&ch));
  EXPECT_EQ(ch.recv(), 6);
  sender.join();
  EXPECT_TRUE(slept) << "the sender never slept while its receiver stalled";
  EXPECT_TRUE(sent);
}

}  // namespace
