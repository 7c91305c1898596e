// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A bare wait has no guarding `if`, so the expected note never comes.
#include <condition_variable>
#include <mutex>
std::mutex mu;
std::condition_variable cv;
void f() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk);
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: 'wait' on 'cv' without a predicate
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the condition is tested once here
}
