#include "bounded.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

void for_each_bounded(int n, int limit, const std::function<void(int)>& task) {
  if (limit < 1) throw std::invalid_argument("limit must be at least 1");
  // A fixed pool: `limit` workers (never more than there are items) share
  // one counter of the next index to run.
  std::atomic<int> next = 0;
  std::vector<std::jthread> pool;
  for (int w = 0; w < std::min(limit, n); ++w) {
    pool.emplace_back([&next, &task, n] {
      for (int i = next.fetch_add(1); i < n; i = next.fetch_add(1)) task(i);
    });
  }
}  // the pool joins here
