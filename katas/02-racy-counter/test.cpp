#include "word_count.h"

#include <gtest/gtest.h>

namespace {
std::vector<std::string> corpus(int size) {
  std::vector<std::string> lines;
  for (int i = 0; i < size; ++i) {
    lines.push_back(i % 3 == 0 ? "the needle is here " + std::to_string(i)
                               : "only hay " + std::to_string(i));
  }
  return lines;
}
}  // namespace

TEST(WordCount, EmptyInput) { EXPECT_EQ(count_lines_containing({}, "needle", 4), 0); }

TEST(WordCount, OneThread) { EXPECT_EQ(count_lines_containing(corpus(30), "needle", 1), 10); }

TEST(WordCount, MoreThreadsThanLines) {
  EXPECT_EQ(count_lines_containing(corpus(2), "needle", 8), 1);
}

TEST(WordCount, ManyThreadsGiveTheSequentialAnswer) {
  const auto lines = corpus(30000);
  for (int round = 0; round < 5; ++round) {
    EXPECT_EQ(count_lines_containing(lines, "needle", 4), 10000);
  }
}
