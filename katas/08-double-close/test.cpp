#include "collect.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace {
std::vector<int> range(int from, int to) {
  std::vector<int> items(to - from);
  std::iota(items.begin(), items.end(), from);
  return items;
}
}  // namespace

TEST(CollectBoth, BothEmpty) { EXPECT_TRUE(collect_both({}, {}).empty()); }

TEST(CollectBoth, EverythingArrives) {
  auto all = collect_both(range(0, 100), range(100, 300));
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, range(0, 300));
}

TEST(CollectBoth, OneSideEmpty) {
  auto all = collect_both(range(0, 50), {});
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, range(0, 50));
}
