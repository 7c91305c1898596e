#include "validate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>

namespace {
// Rows numbered 1..count; the ones in `bad` have a problem.
std::vector<Row> rows(int count) {
  std::vector<Row> all;
  for (int line = 1; line <= count; ++line) all.push_back({line, "item;" + std::to_string(line)});
  return all;
}

Validate bad_lines(std::vector<int> bad) {
  return [bad](const Row& row) -> std::optional<std::string> {
    if (std::find(bad.begin(), bad.end(), row.line) == bad.end()) return std::nullopt;
    return "line " + std::to_string(row.line) + ": price is negative";
  };
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

TEST(ValidateAll, NoRows) { EXPECT_TRUE(validate_all({}, 3, bad_lines({})).empty()); }

TEST(ValidateAll, EveryRowFine) { EXPECT_TRUE(validate_all(rows(20), 3, bad_lines({})).empty()); }

TEST(ValidateAll, OneProblem) {
  EXPECT_EQ(validate_all(rows(20), 3, bad_lines({7})),
            (std::vector<std::string>{"line 7: price is negative"}));
}

// Lines 2, 6 and 9 belong to different workers (worker w takes rows w,
// w+3, ...), so each problem is found by its own thread.
TEST(ValidateAll, EveryProblemIsReported) {
  EXPECT_EQ(sorted(validate_all(rows(10), 3, bad_lines({2, 6, 9}))),
            (std::vector<std::string>{"line 2: price is negative", "line 6: price is negative",
                                      "line 9: price is negative"}));
}

// Four workers find a problem at the same moment: each bad row's check
// waits until all four are being checked.
TEST(ValidateAll, ProblemsFoundAtTheSameTime) {
  std::barrier together(4);
  const Validate check = [&together](const Row& row) -> std::optional<std::string> {
    together.arrive_and_wait();
    return "line " + std::to_string(row.line) + ": bad";
  };
  EXPECT_EQ(sorted(validate_all(rows(4), 4, check)),
            (std::vector<std::string>{"line 1: bad", "line 2: bad", "line 3: bad", "line 4: bad"}));
}

TEST(ValidateAll, ManyProblemsFewWorkers) {
  std::vector<int> bad;
  for (int line = 1; line <= 100; line += 2) bad.push_back(line);
  EXPECT_EQ(validate_all(rows(100), 2, bad_lines(bad)).size(), 50u);
}
