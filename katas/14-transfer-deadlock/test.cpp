#include "bank.h"

#include <gtest/gtest.h>

#include <thread>

TEST(Bank, OneTransfer) {
  Account alice, bob;
  alice.balance = 100;
  transfer(alice, bob, 30);
  EXPECT_EQ(alice.balance, 70);
  EXPECT_EQ(bob.balance, 30);
  EXPECT_EQ(total(alice, bob), 100);
}

TEST(Bank, TransfersBothWaysAtOnce) {
  Account alice, bob;
  alice.balance = 1000;
  bob.balance = 1000;
  {
    std::jthread to_bob([&] {
      for (int i = 0; i < 3000; ++i) transfer(alice, bob, 1);
    });
    std::jthread to_alice([&] {
      for (int i = 0; i < 3000; ++i) transfer(bob, alice, 1);
    });
    std::jthread auditor([&] {
      for (int i = 0; i < 1000; ++i) ASSERT_EQ(total(bob, alice), 2000);
    });
  }
  EXPECT_EQ(alice.balance, 1000);
  EXPECT_EQ(bob.balance, 1000);
}
