// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// A returned thread belongs to the caller.
#include <optional>
#include <thread>
#include <utility>
#include <vector>

void work() noexcept;
void step(); // may throw

std::thread start() {
  std::thread worker(work);
  return worker;
}

std::thread start_temporary() { return std::thread(work); }

std::thread start_one_of(bool first) {
  std::thread a(work);
  std::thread b;
  if (first)
    return a;
  b = std::move(a);
  return b;
}

std::vector<std::thread> start_pool(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work);
  return pool;
}

void caller() {
  std::thread t = start();
  t.join();
}
