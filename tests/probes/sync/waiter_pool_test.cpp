// A thread's Waiter (the per-thread object that blocking operations sleep
// on, pooled across threads) must stay the thread's own until the thread
// has finished with conc. A user thread_local constructed before the
// thread's first blocking call is destroyed after libconc's own per-thread
// state; if its destructor blocks on a channel, it must still be woken, and
// a thread started meanwhile must not get the same Waiter. Before the fix
// the Waiter went back to the pool too early: the new thread shared it, and
// one of the two receives below was never woken (or returned empty).
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <thread>

#include "conc/select.h"
#include "hooks.h"

namespace {

struct Shared {
  conc::Channel<int> late, other;
  std::optional<int> late_value, other_value;
  conc_test::Event late_done, other_done;
};

struct ReceivesOnExit {
  std::shared_ptr<Shared> shared;
  ~ReceivesOnExit() {
    if (!shared) return;
    shared->late_value = shared->late.recv();  // blocks during thread exit
    shared->late_done.set();
  }
};
thread_local ReceivesOnExit receives_on_exit;

TEST(WaiterPool, AThreadLocalDestructorThatBlocksKeepsItsThreadsWaiter) {
  auto shared = std::make_shared<Shared>();  // outlives threads left hanging by a failure
  conc_test::Hooks hooks;
  std::thread exiting([shared] {
    receives_on_exit.shared = shared;  // constructed before this thread's Waiter
    conc::Channel<int> unused;
    conc::select(conc::recv(unused, [] {}), conc::default_case());  // takes a Waiter
  });
  ASSERT_TRUE(hooks.await_blocked(&shared->late)) << "the exiting thread never blocked";
  std::thread started([shared] {
    shared->other_value = shared->other.recv();
    shared->other_done.set();
  });
  ASSERT_TRUE(hooks.await_blocked_or(&shared->other, 1, [&] { return shared->other_done.is_set(); }));
  EXPECT_TRUE(shared->late.try_send(1)) << "the exiting thread's receive is not registered";
  bool late_done = shared->late_done.wait();
  EXPECT_TRUE(late_done) << "the exiting thread's receive was never woken";
  EXPECT_TRUE(shared->other.try_send(2)) << "the new thread's receive is not registered";
  bool other_done = shared->other_done.wait();
  EXPECT_TRUE(other_done) << "the new thread's receive was never woken";
  EXPECT_EQ(shared->late_value, 1);
  EXPECT_EQ(shared->other_value, 2);
  if (late_done) exiting.join(); else exiting.detach();
  if (other_done) started.join(); else started.detach();
}

}  // namespace
