#include "crawler.h"

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace {
// Waits `delay` or until stop is requested, whichever comes first.
void wait_for_retry(std::stop_token stop, std::chrono::milliseconds delay) {
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  cv.wait_for(lock, stop, delay, [] { return false; });
}

bool fetch_with_retry(std::stop_token stop, const std::string& url, const Fetch& fetch,
                      std::chrono::milliseconds retry_delay) {
  for (int attempt = 1; attempt <= 3; ++attempt) {
    if (fetch(stop, url)) return true;  // the token travels down
    if (stop.stop_requested()) return false;
    if (attempt < 3) wait_for_retry(stop, retry_delay);
  }
  return false;
}
}  // namespace

int crawl(std::stop_token stop, const std::vector<std::string>& urls, const Fetch& fetch,
          std::chrono::milliseconds retry_delay) {
  int fetched = 0;
  for (const std::string& url : urls) {
    if (stop.stop_requested()) break;
    if (fetch_with_retry(stop, url, fetch, retry_delay)) ++fetched;
  }
  return fetched;
}
