#include "crawler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

// No test measures time. A stop request is made at a known point (from
// inside a fetch, or after a latch says where the crawler is), and what
// would keep a crawl going after it (a fetch that was not given the token,
// a retry wait of an hour that ignores it) never ends by itself: the kata's
// time limit turns it into a failure.

namespace {
std::vector<std::string> urls(int n) {
  std::vector<std::string> list;
  for (int i = 0; i < n; ++i) list.push_back("https://example.com/" + std::to_string(i));
  return list;
}

// Waits until stop is requested on `stop`; never returns otherwise.
void wait_for_stop(std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  cv.wait(lock, stop, [] { return false; });
}
}  // namespace

TEST(Crawl, FetchesEveryPage) {
  std::atomic<int> calls = 0;
  Fetch fetch = [&calls](std::stop_token, const std::string&) { return ++calls > 0; };
  EXPECT_EQ(crawl(std::stop_token(), urls(5), fetch), 5);
  EXPECT_EQ(calls.load(), 5);
}

TEST(Crawl, RetriesAFailingPage) {
  int attempts = 0;
  Fetch flaky = [&attempts](std::stop_token, const std::string&) { return ++attempts == 2; };
  EXPECT_EQ(crawl(std::stop_token(), urls(1), flaky, 0ms), 1);
  EXPECT_EQ(attempts, 2);
}

TEST(Crawl, AlreadyStopped) {
  std::stop_source source;
  source.request_stop();
  std::atomic<int> calls = 0;
  Fetch fetch = [&calls](std::stop_token, const std::string&) { return ++calls > 0; };
  EXPECT_EQ(crawl(source.get_token(), urls(3), fetch), 0);
  EXPECT_EQ(calls.load(), 0);
}

// The third fetch asks for the stop: no fourth fetch may start.
TEST(Crawl, StartsNoFetchAfterTheStop) {
  std::stop_source source;
  std::atomic<int> calls = 0;
  Fetch fetch = [&](std::stop_token, const std::string&) {
    if (++calls == 3) source.request_stop();
    return true;
  };
  EXPECT_EQ(crawl(source.get_token(), urls(500), fetch), 3);
  EXPECT_EQ(calls.load(), 3) << "crawl went on fetching after the stop request";
}

// The fetch under way ends only when its token is stopped: crawl must hand
// it the token it was given.
TEST(Crawl, TellsTheFetchUnderWayToStop) {
  std::latch fetching(1);
  Fetch fetch = [&fetching](std::stop_token stop, const std::string&) {
    fetching.count_down();
    wait_for_stop(stop);  // a fetch that was handed a token nobody stops never returns
    return false;
  };
  std::jthread crawler([&](std::stop_token stop) { crawl(stop, urls(2), fetch); });
  fetching.wait();
  crawler.request_stop();
}  // ~jthread joins: returns only if the fetch was told

// Every fetch fails, and the wait before the retry is an hour: the stop
// request must end the wait (or be seen before it starts).
TEST(Crawl, StopEndsTheWaitToRetry) {
  std::latch failed_once(1);
  std::atomic<int> calls = 0;
  Fetch failing = [&](std::stop_token, const std::string&) {
    if (++calls == 1) failed_once.count_down();
    return false;
  };
  std::jthread crawler([&](std::stop_token stop) { crawl(stop, urls(1), failing, 1h); });
  failed_once.wait();
  crawler.request_stop();
  crawler.join();
  EXPECT_LE(calls.load(), 2) << "no retry after the stop request";
}
