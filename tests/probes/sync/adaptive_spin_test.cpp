// The adaptive spin's two decisions (conc/internal/adaptive_spin.h), as the
// pure functions they are: how the budget follows the observed waits, and
// when a waiter must not spin at all. No timing, no threads.
#include <gtest/gtest.h>

#include <cstdint>

#include "conc/internal/adaptive_spin.h"

namespace {

using conc::internal::kInitialSpinNs;
using conc::internal::kMaxSpinNs;
using conc::internal::kMinSpinNs;
using conc::internal::NextSpinBudget;
using conc::internal::SpinCanPay;

// Applies `waits` identical waits of `waited_ns` to `budget`.
std::uint32_t After(std::uint32_t budget, std::uint64_t waited_ns, int waits) {
  for (int i = 0; i < waits; ++i) budget = NextSpinBudget(budget, waited_ns);
  return budget;
}

TEST(AdaptiveSpin, BudgetConvergesToTwiceAShortWait) {
  // Handoffs answered after 1.5 us: the budget settles at 3 us, from above
  // and from below.
  EXPECT_EQ(After(kInitialSpinNs, 1500, 100), 3000u);
  EXPECT_EQ(After(kMinSpinNs, 1500, 100), 3000u);
  EXPECT_EQ(After(kMaxSpinNs, 1500, 100), 3000u);
}

TEST(AdaptiveSpin, BudgetMovesAQuarterOfTheWayPerWait) {
  // 4000 -> target 2 * 1000 = 2000: one wait takes it to 3500.
  EXPECT_EQ(NextSpinBudget(4000, 1000), 3500u);
  // 4000 -> target 2 * 6000 = 12000: one wait takes it to 6000.
  EXPECT_EQ(NextSpinBudget(4000, 6000), 6000u);
}

TEST(AdaptiveSpin, WaitsLongerThanAnySpinShrinkTheBudgetToTheFloor) {
  // The partner answers after 1 ms (it was descheduled): spinning never
  // pays, the budget falls to the floor and stays there.
  EXPECT_EQ(After(kInitialSpinNs, 1'000'000, 100), kMinSpinNs);
  EXPECT_LT(NextSpinBudget(kInitialSpinNs, kMaxSpinNs + 1), kInitialSpinNs);
}

TEST(AdaptiveSpin, BudgetRecoversAfterALoadSpike) {
  // A spike of long waits drives the budget to the floor; once handoffs are
  // quick again (answered within 2 us, even if the waiter had parked by
  // then), it grows back: the target comes from the whole wait, not only
  // from waits answered while spinning.
  std::uint32_t budget = After(kInitialSpinNs, 5'000'000, 50);
  ASSERT_EQ(budget, kMinSpinNs);
  budget = After(budget, 2000, 100);
  EXPECT_EQ(budget, 4000u);
}

TEST(AdaptiveSpin, BudgetStaysWithinItsBounds) {
  for (std::uint64_t waited : {0ull, 1ull, 100ull, 9999ull, 10'000ull, 10'001ull, 20'000ull,
                               20'001ull, 1ull << 40, ~0ull}) {
    for (std::uint32_t budget : {0u, 1u, kMinSpinNs, kInitialSpinNs, kMaxSpinNs, ~0u}) {
      std::uint32_t next = NextSpinBudget(budget, waited);
      EXPECT_GE(next, kMinSpinNs) << "budget " << budget << ", waited " << waited;
      EXPECT_LE(next, kMaxSpinNs) << "budget " << budget << ", waited " << waited;
    }
  }
  // A wait of just under half the ceiling asks for the ceiling.
  EXPECT_EQ(After(kMinSpinNs, kMaxSpinNs / 2, 200), kMaxSpinNs);
}

TEST(AdaptiveSpin, NoSpinOnOneCpu) {
  // Pinned to one CPU (or a one-CPU machine): a partner on the same CPU can
  // only run once the waiter stops.
  EXPECT_FALSE(SpinCanPay(/*thread_cpus=*/1, /*online_cpus=*/8, /*runnable=*/1));
  EXPECT_FALSE(SpinCanPay(/*thread_cpus=*/4, /*online_cpus=*/1, /*runnable=*/0));
}

TEST(AdaptiveSpin, NoSpinWhenRunnableThreadsExceedCores) {
  EXPECT_FALSE(SpinCanPay(/*thread_cpus=*/2, /*online_cpus=*/2, /*runnable=*/3));
  EXPECT_FALSE(SpinCanPay(/*thread_cpus=*/8, /*online_cpus=*/8, /*runnable=*/40));
}

TEST(AdaptiveSpin, SpinWhenEveryRunnableThreadHasACore) {
  EXPECT_TRUE(SpinCanPay(/*thread_cpus=*/2, /*online_cpus=*/2, /*runnable=*/2));
  EXPECT_TRUE(SpinCanPay(/*thread_cpus=*/8, /*online_cpus=*/8, /*runnable=*/1));
  // The runnable count could not be read: the affinity alone decides.
  EXPECT_TRUE(SpinCanPay(/*thread_cpus=*/2, /*online_cpus=*/2, /*runnable=*/0));
}

}  // namespace
