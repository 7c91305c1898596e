// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// A handler that joins and rethrows covers only what it catches: any
// other exception leaves the try with the thread still joinable.
#include <stdexcept>
#include <thread>

void work() noexcept;
void step(); // may throw anything

void only_runtime_errors() {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  try {
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'worker' is destroyed while joinable if an exception that no handler of this try catches is thrown
    step();
  } catch (const std::runtime_error &) {
    worker.join();
    throw;
  }
  worker.join();
}

// CHECK-FIXES: std::jthread worker(work);
