#include "resizer.h"

#include <gtest/gtest.h>

TEST(Resizer, NothingToDo) {
  Resizer resizer;
  std::vector<Image> none;
  resizer.resize_all(none);
}

TEST(Resizer, EveryImageIsDoneWhenItReturns) {
  for (int round = 0; round < 3; ++round) {
    std::vector<Image> images(20, Image{640, 480});
    Resizer resizer;
    resizer.resize_all(images);
    int done = 0;
    for (const Image& image : images) done += image.width == 320 && image.height == 240;
    EXPECT_EQ(done, 20) << "resize_all returned before every image was resized";
    // (the resizer joins its threads when it goes out of scope)
  }
}
