// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Threads put into a container must all be joined before the container
// goes away, on every path.
#include <thread>
#include <vector>

void work(int) noexcept;
bool cancelled() noexcept;

void spawn_all(int n) {
  std::vector<std::thread> pool;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'pool' may still hold joinable threads when it is destroyed, which calls std::terminate; join every element on every path [conc-unjoined-thread]
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  if (cancelled())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'pool' is destroyed holding joinable threads when this return is taken
  for (auto &t : pool)
    t.join();
}

void push_moved(int n) {
  std::vector<std::thread> pool;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'pool' may still hold joinable threads
  for (int i = 0; i < n; ++i) {
    std::thread t(work, i);
    pool.push_back(std::move(t));
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'pool' is destroyed holding joinable threads at the end of its scope
