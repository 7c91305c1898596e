#include "fetch_all.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>

using namespace std::chrono_literals;

// No test measures time: a slow page here never arrives by itself, it ends
// only when its context is cancelled (then it throws). A fetch_all that does
// not cancel the others on the first error never returns, and the kata's
// time limit reports it.
namespace {
std::string wait_until_cancelled(const conc::Context& ctx, const std::string& page) {
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  cv.wait(lock, ctx.stop_token(), [] { return false; });
  throw std::runtime_error("cancelled: " + page);
}

Fetch fake_web() {
  return [](const conc::Context& ctx, const std::string& url) -> std::string {
    if (url.rfind("broken", 0) == 0) throw std::runtime_error("404 " + url);
    if (url.rfind("slow", 0) == 0) return wait_until_cancelled(ctx, "page " + url);
    return "page " + url;
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
  try {
    fetch_all({"slow-1", "broken", "slow-2", "slow-3"}, fake_web());
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "404 broken") << "the first error, not a cancellation it caused";
  }
}
