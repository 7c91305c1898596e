#include "inventory.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

TEST(Inventory, AddThenTake) {
  Inventory inventory;
  inventory.add("apple", 3);
  EXPECT_TRUE(inventory.take("apple", 2));
  EXPECT_EQ(inventory.count("apple"), 1);
}

TEST(Inventory, TakeMoreThanInStockThenCarryOn) {
  Inventory inventory;
  inventory.add("pear", 1);
  EXPECT_FALSE(inventory.take("pear", 5));
  EXPECT_FALSE(inventory.take("plum", 1));
  EXPECT_EQ(inventory.count("pear"), 1);
}

TEST(Inventory, BadCountThenCarryOn) {
  Inventory inventory;
  EXPECT_THROW(inventory.add("fig", 0), std::invalid_argument);
  inventory.add("fig", 2);
  EXPECT_EQ(inventory.count("fig"), 2);
}

TEST(Inventory, ManyThreads) {
  Inventory inventory;
  inventory.add("nut", 1000);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&inventory] {
        for (int i = 0; i < 300; ++i) {
          inventory.take("nut", 1);
          inventory.take("bolt", 1);  // never in stock
        }
      });
    }
  }
  EXPECT_EQ(inventory.count("nut"), 0);
}
