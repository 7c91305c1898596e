#include "session_store.h"

#include <gtest/gtest.h>

#include <barrier>
#include <latch>
#include <string>
#include <thread>
#include <vector>

TEST(SessionStore, UpdatesAndFinds) {
  SessionStore store;
  EXPECT_FALSE(store.find("s1").has_value());
  store.update("s1", [](Session& s) { s.user = "ada"; });
  store.update("s1", [](Session& s) { s.cart.push_back("tea"); });
  const auto session = store.find("s1");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->user, "ada");
  EXPECT_EQ(session->cart, std::vector<std::string>{"tea"});
  EXPECT_EQ(store.size(), 1u);
}

TEST(SessionStore, RequestsOfOneSessionTakeTurns) {
  SessionStore store;
  store.update("s1", [](Session& s) { s.user = "ada"; });
  {
    std::vector<std::jthread> tabs;
    for (int t = 0; t < 2; ++t) {
      tabs.emplace_back([&store] {
        for (int i = 0; i < 1000; ++i) store.update("s1", [](Session& s) { ++s.requests; });
      });
    }
  }
  EXPECT_EQ(store.find("s1")->requests, 2000);
}

// Alice's checkout is slow (the payment service) and holds her session until
// Bob's request is done. A store that makes Bob wait for Alice never
// finishes this test, and the kata's time limit reports it. No timing.
TEST(SessionStore, DifferentSessionsDoNotWaitForEachOther) {
  SessionStore store;
  std::latch alice_in_checkout(1);
  std::latch bob_done(1);
  std::jthread alice([&] {
    store.update("alice", [&](Session& s) {
      alice_in_checkout.count_down();
      bob_done.wait();
      s.cart.clear();
    });
  });
  alice_in_checkout.wait();
  store.update("bob", [](Session& s) { s.cart.push_back("coffee"); });
  EXPECT_EQ(store.find("bob")->cart.size(), 1u);
  bob_done.count_down();
}

// The lunch rush: new sessions on every request thread at once.
TEST(SessionStore, ManyNewSessionsAtOnce) {
  SessionStore store;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  std::barrier start(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&store, &start, t] {
        start.arrive_and_wait();
        for (int i = 0; i < kPerThread; ++i) {
          const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
          store.update(id, [&id](Session& s) { s.user = "user of " + id; ++s.requests; });
          (void)store.find("t" + std::to_string((t + 1) % kThreads) + "-" + std::to_string(i));
        }
      });
    }
  }
  EXPECT_EQ(store.size(), std::size_t{kThreads * kPerThread});
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
      const auto session = store.find(id);
      ASSERT_TRUE(session.has_value()) << id;
      EXPECT_EQ(session->user, "user of " + id);
      EXPECT_EQ(session->requests, 1);
    }
  }
}
