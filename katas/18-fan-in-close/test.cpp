#include "merge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

namespace {
// Feeds `count` values starting at `first` into `channel`, then closes it.
std::jthread feed(conc::Channel<int>& channel, int first, int count) {
  return std::jthread([&channel, first, count] {
    for (int i = 0; i < count; ++i) channel.send(first + i);
    channel.close();
  });
}
}  // namespace

TEST(Merger, NoInputsClosesAtOnce) {
  conc::Channel<int> out;
  Merger merger({}, out);
  EXPECT_EQ(out.recv(), std::nullopt);
}

TEST(Merger, ThreeInputs) {
  conc::Channel<int> a, b, c(4), out;
  std::vector<int> got;
  {
    Merger merger({&a, &b, &c}, out);
    auto fa = feed(a, 0, 100);
    auto fb = feed(b, 100, 50);
    auto fc = feed(c, 150, 150);
    for (int value : out) got.push_back(value);
  }
  std::sort(got.begin(), got.end());
  ASSERT_EQ(got.size(), 300u);
  for (int i = 0; i < 300; ++i) EXPECT_EQ(got[i], i);
}

TEST(Merger, InputsFinishingAtDifferentTimes) {
  conc::Channel<int> early, late, out(8);
  long sum = 0;
  {
    Merger merger({&early, &late}, out);
    early.close();
    auto fl = feed(late, 1, 10);
    for (int value : out) sum += value;
  }
  EXPECT_EQ(sum, 55);
}
