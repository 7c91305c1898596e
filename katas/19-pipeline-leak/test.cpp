#include "pipeline.h"

#include <gtest/gtest.h>

#include <chrono>

TEST(Pipeline, FirstSquares) {
  Pipeline pipeline;
  EXPECT_EQ(pipeline.next(), 1);
  EXPECT_EQ(pipeline.next(), 4);
  EXPECT_EQ(pipeline.next(), 9);
}

TEST(Pipeline, StopEarlyIsPrompt) {
  for (int taken = 0; taken < 20; ++taken) {
    const auto start = std::chrono::steady_clock::now();
    {
      Pipeline pipeline;
      for (int i = 0; i < taken; ++i) pipeline.next();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  }
}
