#include "pipeline.h"

#include <gtest/gtest.h>


TEST(Pipeline, FirstSquares) {
  Pipeline pipeline;
  EXPECT_EQ(pipeline.next(), 1);
  EXPECT_EQ(pipeline.next(), 4);
  EXPECT_EQ(pipeline.next(), 9);
}

// Destroying the pipeline after any number of values must end both stages,
// wherever they are blocked. No time is measured: a stage that stays blocked
// never returns, and the kata's time limit reports it.
TEST(Pipeline, StopEarlyEndsBothStages) {
  for (int taken = 0; taken < 20; ++taken) {
    Pipeline pipeline;
    for (int i = 0; i < taken; ++i) EXPECT_EQ(pipeline.next(), long{i + 1} * (i + 1));
  }  // ~Pipeline stops and joins both stages
}
