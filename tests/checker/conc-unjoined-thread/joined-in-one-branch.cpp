// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Both branches of an if must join.
#include <thread>

void work() noexcept;
void log(const char *) noexcept;

void one_branch_forgets(int mode) {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  if (mode == 0) {
    worker.join();
  } else {
    log("not waiting");
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'worker' is destroyed while joinable at the end of its scope

void switch_forgets(int mode) {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  switch (mode) {
  case 0:
    worker.join();
    break;
  case 1:
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'worker' is destroyed while joinable when this return is taken
  default:
    worker.join();
  }
}
// CHECK-FIXES: std::jthread worker(work);
// CHECK-FIXES: std::jthread worker(work);
