#include "squares.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace {
long square(int i) { return static_cast<long>(i) * i; }
long slow_square(int i) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return static_cast<long>(i) * i;
}

void expect_each_index_once(std::vector<std::pair<int, long>> results, int n) {
  std::sort(results.begin(), results.end());
  ASSERT_EQ(results.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(results[i].first, i) << "index " << i << " is missing or duplicated";
    EXPECT_EQ(results[i].second, static_cast<long>(i) * i);
  }
}
}  // namespace

TEST(RunAll, Nothing) { EXPECT_TRUE(run_all(0, square).empty()); }

TEST(RunAll, OneItem) { expect_each_index_once(run_all(1, square), 1); }

TEST(RunAll, EachIndexExactlyOnce) {
  for (int round = 0; round < 5; ++round) {
    expect_each_index_once(run_all(16, slow_square), 16);
  }
}
