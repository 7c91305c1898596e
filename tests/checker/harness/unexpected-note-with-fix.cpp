// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// The runner drops clang-tidy's "FIX-IT applied" notes, and only those: the
// note about the return is not expected here, so the run must fail.
#include <thread>

void work() noexcept;

void early_return(bool quick) {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  if (quick)
    return;
  worker.join();
}

// CHECK-FIXES: std::jthread worker(work);
