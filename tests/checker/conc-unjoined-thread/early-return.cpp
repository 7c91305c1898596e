// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// An early return skips the join: the thread is destroyed while joinable.
#include <thread>

void work() noexcept;
bool ready() noexcept;

void early_return(bool quick) {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable when it is destroyed, which calls std::terminate; join it on every path or make it a std::jthread [conc-unjoined-thread]
  if (quick)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'worker' is destroyed while joinable when this return is taken
  worker.join();
}

int two_returns(int n) {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  if (n < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'worker' is destroyed while joinable when this return is taken
  if (!ready())
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'worker' is destroyed while joinable when this return is taken
  worker.join();
  return n;
}

// CHECK-FIXES: std::jthread worker(work);
// CHECK-FIXES: std::jthread worker(work);
