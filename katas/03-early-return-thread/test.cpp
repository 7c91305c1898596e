#include "warmup.h"

#include <gtest/gtest.h>

#include <stdexcept>

TEST(LoadAndWarm, ValidConfig) {
  Cache cache;
  std::map<std::string, std::string> config;
  EXPECT_TRUE(load_and_warm("a=1\nb=2", cache, config));
  EXPECT_EQ(config.size(), 2u);
  EXPECT_EQ(cache.warmed.load(), 1);
}

TEST(LoadAndWarm, LineWithoutEqualsSign) {
  Cache cache;
  std::map<std::string, std::string> config;
  EXPECT_FALSE(load_and_warm("a=1\nnonsense", cache, config));
  EXPECT_EQ(cache.warmed.load(), 1) << "the cache must still have been warmed (and joined)";
}

TEST(LoadAndWarm, ExceptionFromTheParser) {
  Cache cache;
  std::map<std::string, std::string> config;
  EXPECT_THROW(load_and_warm("=oops", cache, config), std::invalid_argument);
  EXPECT_EQ(cache.warmed.load(), 1);
}
