// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Assigning to a joinable std::thread calls std::terminate, like
// destroying it. No jthread fix-it: the variable is reassigned.
#include <thread>
#include <utility>

void work() noexcept;

void restart() {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable when it is destroyed or assigned to, which calls std::terminate
  worker = std::thread(work);
  // CHECK-NOTES: :[[@LINE-1]]:10: note: 'worker' is assigned to while joinable here
  worker.join();
}

void move_assign(bool again) {
  std::thread a(work);
  std::thread b;
  b = std::move(a); // fine: b held no thread
  if (again) {
    std::thread c(work);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread 'c' may still be joinable when it is destroyed or assigned to
    c = std::move(b);
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'c' is assigned to while joinable here
    c.join();
    return;
  }
  b.join();
}
