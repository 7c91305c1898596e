#include "health.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <latch>

// No test waits for time to pass. A checker that cannot hand over its
// status blocks for ever (nobody reads the channel while the checkers are
// being joined), and the kata's time limit reports the deadlock.

namespace {
std::vector<std::string> names_of(std::vector<Status> statuses) {
  std::vector<std::string> names;
  for (const Status& s : statuses) names.push_back(s.name + (s.healthy ? "=up" : "=down"));
  std::sort(names.begin(), names.end());
  return names;
}

Probe up(std::string name) {
  return [name] { return Status{name, true}; };
}
Probe down(std::string name) {
  return [name] { return Status{name, false}; };
}
}  // namespace

TEST(CheckAll, NoProbes) { EXPECT_TRUE(check_all({}).empty()); }

TEST(CheckAll, OneProbe) {
  EXPECT_EQ(names_of(check_all({up("db")})), (std::vector<std::string>{"db=up"}));
}

TEST(CheckAll, EveryStatusComesBack) {
  EXPECT_EQ(names_of(check_all({up("db"), down("cache"), up("queue")})),
            (std::vector<std::string>{"cache=down", "db=up", "queue=up"}));
}

// The probes really run at the same time: each one waits until all of them
// have started (a slow network, where running them one by one would take
// the sum of their times).
TEST(CheckAll, ProbesRunTogether) {
  constexpr int kProbes = 6;
  std::latch all_started(kProbes);
  std::vector<Probe> probes;
  for (int i = 0; i < kProbes; ++i) {
    probes.push_back([&all_started, i] {
      all_started.arrive_and_wait();
      return Status{"svc" + std::to_string(i), i % 2 == 0};
    });
  }
  const std::vector<Status> statuses = check_all(probes);
  ASSERT_EQ(statuses.size(), static_cast<std::size_t>(kProbes));
  EXPECT_EQ(std::count_if(statuses.begin(), statuses.end(), [](const Status& s) { return s.healthy; }),
            kProbes / 2);
}
