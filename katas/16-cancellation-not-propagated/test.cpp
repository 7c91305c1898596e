#include "crawler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {
// A fetch that takes `latency` and honours its stop token.
Fetch slow_fetch(std::chrono::milliseconds latency, std::atomic<int>& calls, bool succeed = true) {
  return [latency, &calls, succeed](std::stop_token stop, const std::string&) {
    ++calls;
    std::mutex mutex;
    std::condition_variable_any cv;
    std::unique_lock lock(mutex);
    cv.wait_for(lock, stop, latency, [] { return false; });
    return succeed && !stop.stop_requested();
  };
}

std::vector<std::string> urls(int n) {
  std::vector<std::string> list;
  for (int i = 0; i < n; ++i) list.push_back("https://example.com/" + std::to_string(i));
  return list;
}

// Runs crawl on a jthread, requests stop after `after`, returns how long
// crawl took to return once asked.
std::chrono::milliseconds time_to_stop(const std::vector<std::string>& list, const Fetch& fetch,
                                       std::chrono::milliseconds after) {
  std::atomic<Clock::time_point> returned{};
  std::jthread crawler([&](std::stop_token stop) {
    crawl(stop, list, fetch);
    returned = Clock::now();
  });
  std::this_thread::sleep_for(after);
  const auto asked = Clock::now();
  crawler.request_stop();
  crawler.join();
  return std::chrono::duration_cast<std::chrono::milliseconds>(returned.load() - asked);
}
}  // namespace

TEST(Crawl, FetchesEveryPage) {
  std::atomic<int> calls = 0;
  EXPECT_EQ(crawl(std::stop_token(), urls(5), slow_fetch(1ms, calls)), 5);
  EXPECT_EQ(calls.load(), 5);
}

TEST(Crawl, RetriesAFailingPage) {
  int attempts = 0;
  Fetch flaky = [&attempts](std::stop_token, const std::string&) { return ++attempts == 2; };
  EXPECT_EQ(crawl(std::stop_token(), urls(1), flaky), 1);
  EXPECT_EQ(attempts, 2);
}

TEST(Crawl, AlreadyStopped) {
  std::stop_source source;
  source.request_stop();
  std::atomic<int> calls = 0;
  EXPECT_EQ(crawl(source.get_token(), urls(3), slow_fetch(1ms, calls)), 0);
}

TEST(Crawl, StopsPromptlyBetweenPages) {
  std::atomic<int> calls = 0;
  const auto took = time_to_stop(urls(500), slow_fetch(2ms, calls), 30ms);
  EXPECT_LT(took, 500ms) << "crawl went on for " << took.count() << " ms after the stop request";
}

TEST(Crawl, StopsPromptlyDuringAFetch) {
  std::atomic<int> calls = 0;
  const auto took = time_to_stop(urls(2), slow_fetch(1s, calls), 30ms);
  EXPECT_LT(took, 500ms) << "the fetch was not told to stop";
}

TEST(Crawl, StopsPromptlyWhileWaitingToRetry) {
  std::atomic<int> calls = 0;
  const auto took = time_to_stop(urls(1), slow_fetch(0ms, calls, /*succeed=*/false), 100ms);
  EXPECT_LT(took, 500ms) << "the retry wait ignored the stop request";
}
