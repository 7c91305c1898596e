// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// The check offers no fix, so the expected fixed line never appears.
#include <condition_variable>
#include <mutex>
std::mutex mu;
std::condition_variable cv;
bool ready;
void f() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'wait' on 'cv' without a predicate
  // CHECK-FIXES: cv.wait(lk, [] { return ready; });
}
