// The adaptive spin's decision (conc/internal/adaptive_spin.h) as the pure
// function it is: when a waiter must not spin at all. No timing, no threads.
// (That a pinned waiter really does not spin: one_core_test.cpp.)
#include <gtest/gtest.h>

#include "conc/internal/adaptive_spin.h"

namespace {

using conc::internal::SpinCanPay;

TEST(AdaptiveSpin, NoSpinWhenTheThreadMayRunOnOneCpuOnly) {
  // Pinned to one CPU: a partner on the same CPU can only run once the
  // waiter stops.
  EXPECT_FALSE(SpinCanPay(/*thread_cpus=*/1, /*online_cpus=*/8));
  EXPECT_FALSE(SpinCanPay(/*thread_cpus=*/0, /*online_cpus=*/8));  // mask unreadable: as one
}

TEST(AdaptiveSpin, NoSpinOnAOneCpuMachine) {
  EXPECT_FALSE(SpinCanPay(/*thread_cpus=*/4, /*online_cpus=*/1));
}

TEST(AdaptiveSpin, SpinWhenThePartnerCanRunOnAnotherCpu) {
  EXPECT_TRUE(SpinCanPay(/*thread_cpus=*/2, /*online_cpus=*/2));
  EXPECT_TRUE(SpinCanPay(/*thread_cpus=*/8, /*online_cpus=*/64));
}

}  // namespace
