// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// `break` and `continue` leave the loop body's scope too.
#include <thread>

void work(int) noexcept;
bool failed(int) noexcept;

void with_break(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread helper(work, i);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread 'helper' may still be joinable
    if (failed(i))
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'helper' is destroyed while joinable when this break is taken
    helper.join();
  }
}

void with_continue(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread helper(work, i);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread 'helper' may still be joinable
    if (failed(i))
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'helper' is destroyed while joinable when this continue is taken
    helper.join();
  }
}

// CHECK-FIXES: std::jthread helper(work, i);
// CHECK-FIXES: std::jthread helper(work, i);
