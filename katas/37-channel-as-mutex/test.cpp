#include "hit_counter.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

TEST(HitCounter, CountsPerRoute) {
  HitCounter hits;
  hits.add("/cart");
  hits.add("/cart");
  hits.add("/checkout");
  EXPECT_EQ(hits.count("/cart"), 2);
  EXPECT_EQ(hits.count("/checkout"), 1);
}

TEST(HitCounter, UnknownRouteIsZero) {
  HitCounter hits;
  EXPECT_EQ(hits.count("/never"), 0);
  hits.add("/");
  EXPECT_EQ(hits.count("/never"), 0);
}

TEST(HitCounter, ManyRequestThreads) {
  HitCounter hits;
  {
    std::vector<std::jthread> requests;
    for (int t = 0; t < 4; ++t) {
      requests.emplace_back([&hits, t] {
        for (int i = 0; i < 500; ++i) {
          hits.add("/");
          hits.add("/user/" + std::to_string(t));
        }
      });
    }
  }
  EXPECT_EQ(hits.count("/"), 2000);
  for (int t = 0; t < 4; ++t) EXPECT_EQ(hits.count("/user/" + std::to_string(t)), 500);
}

// A counter per tenant, made and dropped as tenants come and go: each one
// must leave nothing running behind it.
TEST(HitCounter, OnePerTenant) {
  for (int tenant = 0; tenant < 3; ++tenant) {
    HitCounter hits;
    hits.add("/");
    EXPECT_EQ(hits.count("/"), 1);
  }
}
