#include "bounded.h"

#include <stdexcept>
#include <thread>

void for_each_bounded(const std::vector<int>& items, int limit,
                      const std::function<void(int)>& task) {
  if (limit < 1) throw std::invalid_argument("limit must be at least 1");
  std::vector<std::jthread> threads;
  for (int item : items) {
    threads.emplace_back([&task, item] { task(item); });
  }
}  // the jthreads join here
