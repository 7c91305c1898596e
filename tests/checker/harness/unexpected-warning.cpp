// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Two findings, one expectation: the second finding must fail the test.
#include <condition_variable>
#include <mutex>
std::mutex mu;
std::condition_variable cv;
void f() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'wait' on 'cv' without a predicate
  cv.wait(lk);
}
