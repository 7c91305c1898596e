#include "crawler.h"

#include <chrono>
#include <thread>

namespace {
bool fetch_with_retry(std::stop_token stop, const std::string& url, const Fetch& fetch,
                      std::chrono::milliseconds retry_delay) {
  for (int attempt = 1; attempt <= 3; ++attempt) {
    if (fetch(stop, url)) return true;
    if (attempt < 3) std::this_thread::sleep_for(retry_delay);
  }
  return false;
}
}  // namespace

int crawl(std::stop_token stop, const std::vector<std::string>& urls, const Fetch& fetch,
          std::chrono::milliseconds retry_delay) {
  if (stop.stop_requested()) return 0;
  int fetched = 0;
  for (const std::string& url : urls) {
    if (fetch_with_retry(std::stop_token(), url, fetch, retry_delay)) ++fetched;
  }
  return fetched;
}
