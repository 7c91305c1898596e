#include "gateway.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {
// The stock service: "timeout ..." requests fail, the rest are answered.
std::string stock_service(const std::string& request) {
  if (request.rfind("timeout", 0) == 0) throw std::runtime_error("stock service timed out");
  return "ok " + request;
}
}  // namespace

TEST(Gateway, PassesRequestsAndReplies) {
  Gateway gateway(2, stock_service);
  EXPECT_EQ(gateway.call("sku-1"), "ok sku-1");
  EXPECT_EQ(gateway.try_call("sku-2"), "ok sku-2");
}

TEST(Gateway, RejectsAZeroLimit) {
  EXPECT_THROW(Gateway(0, stock_service), std::invalid_argument);
}

// Two requests occupy both slots (the backend holds them until the test
// says so): a third request is turned away, not let in.
TEST(Gateway, NeverMoreThanTheLimitInFlight) {
  std::latch both_inside(2);
  std::latch let_them_finish(1);
  Gateway gateway(2, [&](const std::string& request) {
    if (request == "slow") {
      both_inside.count_down();
      let_them_finish.wait();
    }
    return stock_service(request);
  });
  {
    std::jthread first([&gateway] { EXPECT_EQ(gateway.call("slow"), "ok slow"); });
    std::jthread second([&gateway] { EXPECT_EQ(gateway.call("slow"), "ok slow"); });
    both_inside.wait();
    EXPECT_EQ(gateway.try_call("sku-3"), std::nullopt) << "a third request got in";
    let_them_finish.count_down();
  }
  EXPECT_EQ(gateway.try_call("sku-4"), "ok sku-4") << "the two slots did not come back";
}

// One thread, one request at a time: every failed request must give its
// slot back, or after two timeouts the gateway is closed for good.
TEST(Gateway, FailedRequestsGiveTheirSlotBack) {
  Gateway gateway(2, stock_service);
  EXPECT_THROW(gateway.call("timeout-1"), std::runtime_error);
  EXPECT_THROW(gateway.try_call("timeout-2"), std::runtime_error);
  EXPECT_EQ(gateway.try_call("sku-5"), "ok sku-5") << "two failed requests kept their slots";
  EXPECT_THROW(gateway.call("timeout-3"), std::runtime_error);
  EXPECT_THROW(gateway.call("timeout-4"), std::runtime_error);
  EXPECT_EQ(gateway.call("sku-6"), "ok sku-6");  // waits forever for a lost slot
}

TEST(Gateway, ManyRequestThreads) {
  std::atomic<int> inside = 0;
  std::atomic<int> most_inside = 0;
  Gateway gateway(3, [&](const std::string& request) {
    const int now = ++inside;
    int seen = most_inside.load();
    while (now > seen && !most_inside.compare_exchange_weak(seen, now)) {
    }
    --inside;
    return stock_service(request);
  });
  std::atomic<int> answered = 0;
  std::atomic<int> failed = 0;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 50; ++i) {
          try {
            gateway.call((i % 5 == 0 ? "timeout-" : "sku-") + std::to_string(t * 100 + i));
            ++answered;
          } catch (const std::runtime_error&) {
            ++failed;
          }
        }
      });
    }
  }
  EXPECT_EQ(answered.load(), 240);
  EXPECT_EQ(failed.load(), 60);
  EXPECT_LE(most_inside.load(), 3);
}
