// GoogleTest death tests under `conc-probe run`: the death-test child (a
// fork, or in "threadsafe" style a fork that re-executes the binary) must
// not be checked or disturbed by the probe, and the parent must pass.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

namespace {

TEST(DeathFast, AbortIsSeen) {
  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_DEATH(std::abort(), "");
}

TEST(DeathThreadsafe, ExitCodeIsSeen) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // A thread in the parent: the reason for the "threadsafe" style.
  std::thread([] {}).join();
  EXPECT_EXIT(
      {
        std::fprintf(stderr, "leaving\n");
        std::exit(3);
      },
      testing::ExitedWithCode(3), "leaving");
}

}  // namespace
