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

namespace {

using conc::internal::PartnerActivity;
using conc::internal::PartnerView;
using conc::internal::PlanWait;
using conc::internal::WaitPlan;

TEST(AdaptiveSpin, APartnerAsleepMeansParkAtOnceWhateverTheCpus) {
  EXPECT_EQ(PlanWait(8, 8, {PartnerActivity::kAsleep, false}), WaitPlan::kPark);
  EXPECT_EQ(PlanWait(1, 8, {PartnerActivity::kAsleep, true}), WaitPlan::kPark);
}

TEST(AdaptiveSpin, APartnerRunningOnTheWaitersCpuMeansYieldNotSpin) {
  EXPECT_EQ(PlanWait(8, 8, {PartnerActivity::kRunning, true}), WaitPlan::kYield);
}

TEST(AdaptiveSpin, AWakingPartnersLastCpuDoesNotMatter) {
  // The kernel picks its CPU as it wakes it; the long spin yields now and
  // then in case that is the waiter's.
  EXPECT_EQ(PlanWait(8, 8, {PartnerActivity::kWaking, true}), WaitPlan::kSpinWhileWaking);
}

TEST(AdaptiveSpin, APinnedWaiterNeverSpinsWhateverItsPartner) {
  EXPECT_EQ(PlanWait(1, 8, {PartnerActivity::kWaking, false}), WaitPlan::kYield);
  EXPECT_EQ(PlanWait(1, 8, {PartnerActivity::kRunning, false}), WaitPlan::kYield);
  EXPECT_EQ(PlanWait(1, 8, PartnerView{}), WaitPlan::kYield);
}

TEST(AdaptiveSpin, AWakingPartnerElsewhereMeansTheLongSpin) {
  EXPECT_EQ(PlanWait(2, 2, {PartnerActivity::kWaking, false}), WaitPlan::kSpinWhileWaking);
}

TEST(AdaptiveSpin, ARunningOrUnknownPartnerElsewhereMeansTheShortSpin) {
  EXPECT_EQ(PlanWait(2, 2, {PartnerActivity::kRunning, false}), WaitPlan::kSpin);
  EXPECT_EQ(PlanWait(2, 2, PartnerView{}), WaitPlan::kSpin);
}

}  // namespace
