// RUN: %check_conc_tidy %s conc-unbounded-threads %t
// One thread per URL: ten million URLs, ten million threads.
#include <string>
#include <thread>
#include <vector>

void fetch(const std::string &url);

void crawl(const std::vector<std::string> &urls) {
  std::vector<std::thread> threads;
  for (const auto &url : urls)
    threads.emplace_back(fetch, url);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: a thread is started for every item of the input, with no bound on how many run at once; use a fixed pool of workers, a std::counting_semaphore, or conc::ErrGroup with set_limit [conc-unbounded-threads]
  // CHECK-NOTES: :[[@LINE-3]]:26: note: the loop runs once per element of this range
  for (auto &t : threads)
    t.join();
}

void crawl_detached(const std::vector<std::string> &urls) {
  for (const std::string &url : urls) {
    std::thread([url] { fetch(url); }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: a thread is started for every item of the input
    // CHECK-NOTES: :[[@LINE-3]]:33: note: the loop runs once per element of this range
  }
}
