#include "bounded.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

void for_each_bounded(const std::vector<int>& items, int limit,
                      const std::function<void(int)>& task) {
  if (limit < 1) throw std::invalid_argument("limit must be at least 1");
  // A fixed pool: `limit` workers (never more than there are items) share
  // one counter of the next item to run.
  const std::size_t workers = std::min<std::size_t>(limit, items.size());
  std::atomic<std::size_t> next = 0;
  std::vector<std::jthread> pool;
  for (std::size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&next, &items, &task] {
      for (std::size_t i = next.fetch_add(1); i < items.size(); i = next.fetch_add(1)) {
        task(items[i]);
      }
    });
  }
}  // the pool joins here
