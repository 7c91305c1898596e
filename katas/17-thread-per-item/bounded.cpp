#include "bounded.h"

#include <stdexcept>
#include <thread>
#include <vector>

void for_each_bounded(int n, int limit, const std::function<void(int)>& task) {
  if (limit < 1) throw std::invalid_argument("limit must be at least 1");
  std::vector<std::jthread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&task, i] { task(i); });
  }
}  // the jthreads join here
