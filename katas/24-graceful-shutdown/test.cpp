#include "server.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace std::chrono_literals;

namespace {
// Sends `sig` to this process after `delay`.
std::jthread signal_later(int sig, std::chrono::milliseconds delay) {
  return std::jthread([sig, delay] {
    std::this_thread::sleep_for(delay);
    kill(getpid(), sig);
  });
}
}  // namespace

TEST(Server, DrainsEveryAcceptedJob) {
  auto ran = std::make_shared<std::atomic<int>>(0);
  Server server(2);
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(server.submit([ran] {
      std::this_thread::sleep_for(20ms);
      ++*ran;
    }));
  }
  auto sender = signal_later(SIGTERM, 5ms);
  EXPECT_EQ(server.serve_until_signal(), 40);
  EXPECT_EQ(ran->load(), 40) << "jobs were dropped at shutdown";
}

TEST(Server, RefusesJobsAfterShutdown) {
  Server server(1);
  auto sender = signal_later(SIGINT, 1ms);
  EXPECT_EQ(server.serve_until_signal(), 0);
  EXPECT_FALSE(server.submit([] {}));
}

TEST(Server, SignalBeforeServing) {
  auto ran = std::make_shared<std::atomic<int>>(0);
  Server server(3);
  ASSERT_TRUE(server.submit([ran] { ++*ran; }));
  kill(getpid(), SIGTERM);  // arrives before serve_until_signal(): must not be lost
  EXPECT_EQ(server.serve_until_signal(), 1);
  EXPECT_EQ(ran->load(), 1);
}
