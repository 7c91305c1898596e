#include "settings_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

namespace {
std::unique_ptr<Settings> eu_settings() {
  auto settings = std::make_unique<Settings>();
  settings->region = "eu-west-1";
  settings->max_connections = 64;
  return settings;
}
}  // namespace

TEST(SettingsCache, LoadsOnceThenShares) {
  int loads = 0;
  SettingsCache cache([&loads] {
    ++loads;
    return eu_settings();
  });
  EXPECT_EQ(cache.peek(), nullptr);
  const Settings& first = cache.get();
  EXPECT_EQ(first.region, "eu-west-1");
  EXPECT_EQ(&cache.get(), &first);
  EXPECT_EQ(cache.peek(), &first);
  EXPECT_EQ(loads, 1);
}

// Two request threads find the cache empty at the same moment: each load
// waits until both have started loading, so both really do load. Whatever
// the scheduling, they must end up with the same Settings object.
TEST(SettingsCache, TwoFirstCallersGetTheSameSettings) {
  std::latch both_loading(2);
  SettingsCache cache([&both_loading] {
    both_loading.arrive_and_wait();
    return eu_settings();
  });
  const Settings* seen_by_a = nullptr;
  const Settings* seen_by_b = nullptr;
  {
    std::jthread a([&] { seen_by_a = &cache.get(); });
    std::jthread b([&] { seen_by_b = &cache.get(); });
  }
  EXPECT_EQ(seen_by_a, seen_by_b) << "two callers got different Settings objects";
  EXPECT_EQ(cache.peek(), seen_by_a) << "the cache kept a different object than its first caller got";
  EXPECT_EQ(&cache.get(), seen_by_a);
}

// A metrics thread waits for the settings to appear, without loading them,
// then reads them. What it reads must be what the loader wrote.
TEST(SettingsCache, AWatcherSeesCompleteSettings) {
  SettingsCache cache(eu_settings);
  std::string region;
  int max_connections = 0;
  {
    std::jthread watcher([&] {
      const Settings* settings = nullptr;
      while ((settings = cache.peek()) == nullptr) std::this_thread::yield();
      region = settings->region;
      max_connections = settings->max_connections;
    });
    std::jthread request([&cache] { (void)cache.get(); });
  }
  EXPECT_EQ(region, "eu-west-1");
  EXPECT_EQ(max_connections, 64);
}
