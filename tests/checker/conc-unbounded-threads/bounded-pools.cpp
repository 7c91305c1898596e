// RUN: %check_conc_tidy %s conc-unbounded-threads %t
// Pools sized by a bound: a constant, the hardware, a worker count.
#include <algorithm>
#include <thread>
#include <vector>

void work(int);

constexpr int kShards = 8;

void constant_pool() {
  std::vector<std::jthread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back(work, i);
  for (int i = 0; i < kShards; ++i)
    threads.emplace_back(work, i);
}

void hardware_pool() {
  std::vector<std::jthread> threads;
  for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i)
    threads.emplace_back(work, i);
  const unsigned n = std::max(2u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i)
    threads.emplace_back(work, i);
}

void parameter_pool(int num_workers, const std::vector<int> &items) {
  std::vector<std::jthread> threads;
  for (int i = 0; i < num_workers; ++i)
    threads.emplace_back(work, i);
  // Bounded by the smaller of the data and the hardware.
  std::size_t count =
      std::min<std::size_t>(items.size(), std::thread::hardware_concurrency());
  for (std::size_t i = 0; i < count; ++i)
    threads.emplace_back(work, items[i]);
  // A data loop capped by a worker count.
  for (std::size_t i = 0; i < items.size() && i < 16; ++i)
    threads.emplace_back(work, items[i]);
}

class Pool {
public:
  explicit Pool(int threads) : thread_count_(threads) {
    for (int i = 0; i < thread_count_; ++i)
      workers_.emplace_back([this] { loop(); });
  }
  void loop();

private:
  int thread_count_;
  std::vector<std::jthread> workers_;
};

// A count we know nothing about: not flagged (it may well be a bound).
void opaque_count(int n) {
  std::vector<std::jthread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(work, i);
}
