// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// A throw expression leaves the scope like a return.
#include <stdexcept>
#include <thread>

void work() noexcept;

void validate(int n) {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  if (n < 0)
    throw std::invalid_argument("negative");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'worker' is destroyed while joinable when this exception is thrown
  worker.join();
}

// CHECK-FIXES: std::jthread worker(work);
