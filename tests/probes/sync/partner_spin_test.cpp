// A waiter's spin follows the state its partner publishes (PlanWait,
// conc/internal/adaptive_spin.h): the partner is the last thread on the
// other side of the channel. Each state is produced for real, with threads
// held at the test hooks, and the waiter's own counters say what it did; no
// timing decides an outcome (the bounded polls only turn a hang into a
// failure).
#include <gtest/gtest.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "conc/channel.h"
#include "conc/internal/adaptive_spin.h"
#include "conc/internal/wait.h"
#include "hooks.h"

using conc::internal::PartnerActivity;
using conc::internal::SpinStats;
using conc::internal::Waiter;
using conc_test::Point;

namespace {

// Polls `waiter`'s published activity until it is `wanted` (bounded).
bool AwaitActivity(const Waiter* waiter, PartnerActivity wanted) {
  const auto limit = std::chrono::steady_clock::now() + conc_test::kHangLimit;
  while (waiter->view_as_partner(-1).activity != wanted) {
    if (std::chrono::steady_clock::now() > limit) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// The partner: names itself as `ch`'s last sender (a try_send nobody takes),
// sleeps on `gate`, then sends `value` on `ch`.
std::jthread Partner(conc::Channel<int>& ch, conc::Channel<int>& gate, int value,
                     std::atomic<const Waiter*>& self) {
  return std::jthread([&ch, &gate, value, &self] {
    self = &Waiter::current();
    EXPECT_FALSE(ch.try_send(-1));
    EXPECT_TRUE(gate.recv().has_value());
    EXPECT_TRUE(ch.send(value));
  });
}

TEST(PartnerSpin, AWaiterWhosePartnerIsAsleepParksWithoutSpinning) {
  conc::Channel<int> ch, gate;
  conc_test::Hooks hooks;
  std::atomic<const Waiter*> partner{nullptr};
  std::jthread partner_thread = Partner(ch, gate, 5, partner);
  ASSERT_TRUE(hooks.await_blocked(&gate));
  ASSERT_TRUE(AwaitActivity(partner.load(), PartnerActivity::kAsleep));
  SpinStats used;
  std::optional<int> got;
  std::jthread waiter([&] {
    const SpinStats before = conc::internal::CurrentThreadSpinStats();
    got = ch.recv();
    const SpinStats after = conc::internal::CurrentThreadSpinStats();
    used = {after.waits - before.waits, after.waits_without_spin - before.waits_without_spin,
            after.spins - before.spins, after.yields - before.yields};
  });
  ASSERT_TRUE(hooks.await_blocked(&ch));  // decided while the partner slept
  EXPECT_TRUE(gate.send(1));
  waiter.join();
  partner_thread.join();
  EXPECT_EQ(got, 5);
  EXPECT_EQ(used.waits, 1u);
  EXPECT_EQ(used.waits_without_spin, 1u) << "spun while the partner slept";
  EXPECT_EQ(used.spins, 0u);
  EXPECT_EQ(used.yields, 0u) << "yielded while the partner slept: nothing could run for it";
}

// A woken partner that has not run yet is seen as waking, then as running.
TEST(PartnerSpin, AWokenPartnerIsWakingUntilItRuns) {
  conc::Channel<int> gate;
  std::atomic<const Waiter*> sleeper{nullptr};
  std::atomic<bool> sent{false};
  conc_test::Event woken, release;
  conc_test::Hooks hooks([&](Point point, const void* object, const char*) {
    if (point == Point::kWoken && object == sleeper.load() && sent.load() && !woken.is_set()) {
      woken.set();
      release.wait();
    }
  });
  std::jthread sleeper_thread([&] {
    sleeper = &Waiter::current();
    EXPECT_EQ(gate.recv(), 1);
  });
  ASSERT_TRUE(hooks.await_blocked(&gate));
  ASSERT_TRUE(AwaitActivity(sleeper.load(), PartnerActivity::kAsleep));
  sent = true;
  EXPECT_TRUE(gate.send(1));  // hands the value over and wakes the sleeper
  ASSERT_TRUE(woken.wait());
  EXPECT_EQ(sleeper.load()->view_as_partner(-1).activity, PartnerActivity::kWaking);
  release.set();
  sleeper_thread.join();
  EXPECT_EQ(sleeper.load()->view_as_partner(-1).activity, PartnerActivity::kRunning);
}

// While the partner is waking, the waiter spins (its answer comes as soon as
// the partner runs), and still parks in the end if it does not come.
TEST(PartnerSpin, AWaiterWhosePartnerIsWakingSpinsThenParks) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  ASSERT_GE(CPU_COUNT(&allowed), 2) << "a waiter spins only when it may run on 2 CPUs or more";
  conc::Channel<int> ch, gate;
  std::atomic<const Waiter*> partner{nullptr};
  std::atomic<bool> woke_partner{false};
  conc_test::Event partner_waking, release;
  conc_test::Hooks hooks([&](Point point, const void* object, const char*) {
    if (point == Point::kWoken && object == partner.load() && woke_partner.load() &&
        !partner_waking.is_set()) {
      partner_waking.set();
      release.wait();
    }
  });
  std::jthread partner_thread = Partner(ch, gate, 6, partner);
  ASSERT_TRUE(hooks.await_blocked(&gate));
  ASSERT_TRUE(AwaitActivity(partner.load(), PartnerActivity::kAsleep));
  woke_partner = true;
  EXPECT_TRUE(gate.send(1));
  ASSERT_TRUE(partner_waking.wait());  // woken, held before it runs
  SpinStats used;
  std::optional<int> got;
  std::jthread waiter([&] {
    const SpinStats before = conc::internal::CurrentThreadSpinStats();
    got = ch.recv();
    const SpinStats after = conc::internal::CurrentThreadSpinStats();
    used = {after.waits - before.waits, after.waits_without_spin - before.waits_without_spin,
            after.spins - before.spins};
  });
  ASSERT_TRUE(hooks.await_blocked(&ch));  // spun, gave up, and sleeps
  release.set();
  waiter.join();
  partner_thread.join();
  EXPECT_EQ(got, 6);
  EXPECT_EQ(used.waits, 1u);
  EXPECT_EQ(used.waits_without_spin, 0u) << "did not spin for a waking partner";
  EXPECT_GT(used.spins, 0u);
}

}  // namespace
