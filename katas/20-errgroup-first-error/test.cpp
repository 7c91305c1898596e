#include "fetch_all.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

using namespace std::chrono_literals;

namespace {
// Takes `latency` (or less, if ctx ends first: then it throws).
std::string wait_then(const conc::Context& ctx, std::chrono::milliseconds latency,
                      const std::string& page) {
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  if (cv.wait_for(lock, ctx.stop_token(), latency, [] { return false; }) ||
      ctx.is_done()) {
    throw std::runtime_error("cancelled: " + page);
  }
  return page;
}

Fetch fake_web() {
  return [](const conc::Context& ctx, const std::string& url) -> std::string {
    if (url.rfind("broken", 0) == 0) throw std::runtime_error("404 " + url);
    if (url.rfind("slow", 0) == 0) return wait_then(ctx, 3s, "page " + url);
    return wait_then(ctx, 1ms, "page " + url);
  };
}
}  // namespace

TEST(FetchAll, AllPagesInOrder) {
  const auto pages = fetch_all({"a", "b", "c"}, fake_web());
  EXPECT_EQ(pages, (std::vector<std::string>{"page a", "page b", "page c"}));
}

TEST(FetchAll, Nothing) { EXPECT_TRUE(fetch_all({}, fake_web()).empty()); }

TEST(FetchAll, TheFirstErrorIsRethrown) {
  try {
    fetch_all({"a", "broken-link", "b"}, fake_web());
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "404 broken-link");
  }
}

TEST(FetchAll, TheFirstErrorCancelsTheRest) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(fetch_all({"slow-1", "broken", "slow-2", "slow-3"}, fake_web()),
               std::runtime_error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s)
      << "fetch_all waited for the slow fetches instead of cancelling them";
}
