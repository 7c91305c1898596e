#include "mirrors.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace std::chrono_literals;

namespace {
Mirror mirror(std::string name, std::chrono::milliseconds latency) {
  return [name, latency] {
    std::this_thread::sleep_for(latency);
    return name;
  };
}
}  // namespace

TEST(Fastest, OneMirror) { EXPECT_EQ(fastest({mirror("only", 1ms)}), "only"); }

TEST(Fastest, TheQuickestAnswerWins) {
  EXPECT_EQ(fastest({mirror("slow", 60ms), mirror("quick", 1ms), mirror("slower", 90ms)}),
            "quick");
}

TEST(Fastest, ManyMirrors) {
  std::vector<Mirror> mirrors;
  for (int i = 0; i < 8; ++i) mirrors.push_back(mirror("m" + std::to_string(i), 80ms + 10ms * i));
  mirrors.push_back(mirror("first", 0ms));
  EXPECT_EQ(fastest(mirrors), "first");
}
