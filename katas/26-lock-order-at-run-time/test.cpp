#include "shop.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

TEST(Shop, ReserveTakesStock) {
  Shop shop;
  shop.AddStock("tea", 5);
  int order = shop.Reserve("tea", 3);
  EXPECT_GT(order, 0);
  EXPECT_EQ(shop.Stock("tea"), 2);
  EXPECT_EQ(shop.Reserve("tea", 3), -1);
  EXPECT_EQ(shop.OpenOrders(), 1);
}

TEST(Shop, CancelPutsStockBack) {
  Shop shop;
  shop.AddStock("tea", 5);
  int order = shop.Reserve("tea", 3);
  shop.Cancel(order);
  EXPECT_EQ(shop.Stock("tea"), 5);
  EXPECT_EQ(shop.OpenOrders(), 0);
  shop.Cancel(order);  // twice: ignored
  EXPECT_EQ(shop.Stock("tea"), 5);
}

TEST(Shop, CustomCancelHandler) {
  Shop shop;
  int returned = 0;
  shop.on_cancel = [&](const std::string&, int count) { returned += count; };
  shop.AddStock("tea", 5);
  shop.Cancel(shop.Reserve("tea", 2));
  EXPECT_EQ(returned, 2);
  EXPECT_EQ(shop.Stock("tea"), 3);
}

// A till thread that reserves, then a returns desk that cancels: one after
// the other, as on a quiet day.
TEST(Shop, TillThenReturnsDesk) {
  Shop shop;
  shop.AddStock("tea", 100);
  std::vector<int> orders;
  std::thread till([&] {
    for (int i = 0; i < 10; ++i) orders.push_back(shop.Reserve("tea", 1));
  });
  till.join();
  std::thread returns([&] {
    for (int order : orders) shop.Cancel(order);
  });
  returns.join();
  EXPECT_EQ(shop.Stock("tea"), 100);
  EXPECT_EQ(shop.OpenOrders(), 0);
}
