#include "mailbox.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

TEST(Mailbox, TakeWhatWasPutEarlier) {
  Mailbox box;
  box.put("hello");
  EXPECT_EQ(box.take(), "hello");
}

TEST(Mailbox, TakeWaitsForPut) {
  Mailbox box;
  std::jthread postman([&box] { box.put("late"); });
  EXPECT_EQ(box.take(), "late");
}

TEST(Mailbox, ManySendersOneReader) {
  Mailbox box;
  std::vector<std::jthread> senders;
  for (int s = 0; s < 4; ++s) {
    senders.emplace_back([&box, s] {
      for (int i = 0; i < 200; ++i) box.put(std::to_string(s));
    });
  }
  int counts[4] = {0, 0, 0, 0};
  for (int i = 0; i < 800; ++i) ++counts[std::stoi(box.take())];
  for (int s = 0; s < 4; ++s) EXPECT_EQ(counts[s], 200);
}
