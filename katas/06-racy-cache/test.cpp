#include "cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

TEST(Cache, PutThenGet) {
  Cache cache;
  cache.put("a", "1");
  EXPECT_EQ(cache.get("a"), "1");
  EXPECT_EQ(cache.get("b"), std::nullopt);
  cache.put("a", "2");
  EXPECT_EQ(cache.get("a"), "2");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(Cache, ReadersAndAWriter) {
  Cache cache;
  cache.put("hot", "value");
  std::atomic<int> hits = 0;
  {
    std::vector<std::jthread> threads;
    threads.emplace_back([&cache] {
      for (int i = 0; i < 300; ++i) cache.put("key" + std::to_string(i), "v");
    });
    for (int r = 0; r < 3; ++r) {
      threads.emplace_back([&cache, &hits] {
        for (int i = 0; i < 300; ++i) {
          if (cache.get("hot") == "value") ++hits;
          cache.size();
        }
      });
    }
  }
  EXPECT_EQ(hits.load(), 900);
  EXPECT_EQ(cache.size(), 301u);
}
