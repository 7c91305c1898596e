// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// The expected message is deliberately wrong: the runner must reject it.
#include <condition_variable>
#include <mutex>
std::mutex mu;
std::condition_variable cv;
void f() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: this text is not what the check says
}
