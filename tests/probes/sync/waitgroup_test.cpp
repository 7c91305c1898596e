// WaitGroup under the races the review reproduced: reuse while a waiter of
// the previous round has not left yet, add(0) racing the release, and a
// misused add() racing a legitimate done(). Interleavings are forced with
// libconc's test hooks (hooks.h).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "conc/misuse.h"
#include "conc/waitgroup.h"
#include "hooks.h"

using namespace std::chrono_literals;
using conc_test::Point;

namespace {

// Two waiters are released together; the first calls add(1) and wait()
// again before the second has left. That second wait() belongs to the next
// round and must block until the counter is 0 again. Before the fix it took
// the second waiter's wake-up and returned with the counter at 1 (in most
// rounds), and the second waiter slept until the next release.
TEST(WaitGroup, ReuseBeforeTheOtherWaiterLeftWaitsForTheNewRound) {
  constexpr int kRounds = 50;
  for (int round = 0; round < kRounds; ++round) {
    struct Shared {
      conc::WaitGroup wg;
      std::atomic<bool> next_round_released{false};
      std::atomic<bool> returned_early{false};
      std::atomic<bool> first_done{false}, second_done{false};
    };
    auto shared = std::make_shared<Shared>();
    conc_test::Hooks hooks;
    shared->wg.add(1);
    std::thread first([shared, &hooks] {
      shared->wg.wait();
      shared->wg.add(1);  // the next round
      shared->wg.wait();
      if (!shared->next_round_released.load()) shared->returned_early = true;
      shared->first_done = true;
      hooks.notify();
    });
    std::thread second([shared, &hooks] {
      shared->wg.wait();
      shared->second_done = true;
      hooks.notify();
    });
    ASSERT_TRUE(hooks.await_blocked(&shared->wg, 2)) << "the waiters never slept";
    shared->wg.done();
    // The first waiter's second wait() either sleeps (correct) or returns.
    ASSERT_TRUE(hooks.await_blocked_or(&shared->wg, 3, [&] { return shared->first_done.load(); }));
    if (shared->returned_early.load()) {
      first.detach();  // the second waiter may never wake: leave it
      second.detach();
      FAIL() << "round " << round << ": wait() of the next round returned with the counter at "
             << shared->wg.count();
    }
    shared->next_round_released = true;
    shared->wg.done();
    ASSERT_TRUE(hooks.await([&] { return shared->first_done.load() && shared->second_done.load(); }))
        << "round " << round << ": a waiter was never released";
    first.join();
    second.join();
    EXPECT_EQ(shared->wg.count(), 0);
  }
}

// add(0) while the counter is 0 and the waiters are being released must not
// release them a second time. The add(0) runs to completion while the done()
// that reaches 0 is on its way to the release. Before the fix the waiter
// count was taken off twice and the counter read -1 afterwards.
TEST(WaitGroup, AddZeroRacingTheReleaseReleasesOnce) {
  auto wg = std::make_shared<conc::WaitGroup>();
  conc_test::Event add_zero_finished;
  bool in_hook = false;
  conc_test::Hooks hooks([&](Point point, const void* object, const char*) {
    if (point != Point::kWaitGroupReleasing || object != wg.get() || in_hook) return;
    in_hook = true;
    std::thread([wg, &add_zero_finished] {
      wg->add(0);
      add_zero_finished.set();
    }).detach();
    EXPECT_TRUE(add_zero_finished.wait());
  });
  wg->add(1);
  std::thread waiter([wg] { wg->wait(); });
  ASSERT_TRUE(hooks.await_blocked(wg.get(), 1));
  wg->done();
  waiter.join();
  EXPECT_EQ(wg->count(), 0);
  // Still a working group: a new round with one waiter.
  wg->add(1);
  auto released = std::make_shared<conc_test::Event>();
  std::thread again([wg, released] {
    wg->wait();
    released->set();
  });
  ASSERT_TRUE(hooks.await_blocked(wg.get(), 2));
  wg->done();
  bool was_released = released->wait();
  if (was_released) again.join(); else again.detach();
  EXPECT_TRUE(was_released);
  EXPECT_EQ(wg->count(), 0);
}

// A misused add(-2) and a legitimate done() at the same time, under kLog:
// only the misuse is reported, the done() counts, and the waiter is
// released. Before the fix the counter went negative for a moment; the
// done() that saw it was reported as misuse, undone and lost, and the
// waiter slept forever.
TEST(WaitGroup, MisusedAddDoesNotSwallowAConcurrentDone) {
  std::atomic<int> reports{0};
  conc::set_misuse_sink([&](conc::MisuseKind kind, const std::string&) {
    EXPECT_EQ(kind, conc::MisuseKind::kNegativeWaitGroupCounter);
    ++reports;
  });
  conc::ScopedMisusePolicy policy(conc::MisusePolicy::kLog);
  auto wg = std::make_shared<conc::WaitGroup>();
  auto released = std::make_shared<conc_test::Event>();
  conc_test::Event legit_done_finished;
  bool in_hook = false;
  conc_test::Hooks hooks([&](Point point, const void* object, const char*) {
    if (point != Point::kWaitGroupNegative || object != wg.get() || in_hook) return;
    in_hook = true;
    // While the misused add() is between its check and its report, a
    // legitimate done() runs to completion on another thread.
    std::thread([wg, &legit_done_finished] {
      wg->done();
      legit_done_finished.set();
    }).detach();
    EXPECT_TRUE(legit_done_finished.wait());
  });
  wg->add(1);
  std::thread waiter([wg, released] {
    wg->wait();
    released->set();
  });
  ASSERT_TRUE(hooks.await_blocked(wg.get(), 1));
  wg->add(-2);  // misuse: 1 - 2 < 0
  bool was_released = released->wait();
  if (!was_released) waiter.detach(); else waiter.join();
  conc::set_misuse_sink(nullptr);
  EXPECT_TRUE(was_released) << "the waiter was never released";
  EXPECT_EQ(reports.load(), 1) << "only the add(-2) is misuse";
  EXPECT_EQ(wg->count(), 0);
}

}  // namespace
