// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Work done between the spawn loop and the join loop may throw.
#include <array>
#include <thread>
#include <vector>

void work(int) noexcept;
void report(); // may throw

void spawn_report_join(int n) {
  std::vector<std::thread> pool;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'pool' may still hold joinable threads
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  report();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'pool' is destroyed holding joinable threads if 'report' throws here
  for (auto &t : pool)
    t.join();
}

void fixed_array() {
  std::array<std::thread, 4> slots;
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: 'slots' may still hold joinable threads
  for (int i = 0; i < 4; ++i)
    slots[i] = std::thread(work, i);
  report();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'slots' is destroyed holding joinable threads if 'report' throws here
  for (auto &t : slots)
    t.join();
}
