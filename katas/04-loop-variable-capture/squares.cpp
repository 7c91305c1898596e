#include "squares.h"

#include <mutex>
#include <thread>

std::vector<std::pair<int, long>> run_all(int n, long (*work)(int)) {
  std::vector<std::pair<int, long>> results;
  std::mutex results_mutex;
  std::vector<std::jthread> workers;
  for (int i = 0; i < n; ++i) {
    workers.emplace_back([&] {
      const long value = work(i);
      std::lock_guard lock(results_mutex);
      results.emplace_back(i, value);
    });
  }
  workers.clear();  // joins every worker
  return results;
}
