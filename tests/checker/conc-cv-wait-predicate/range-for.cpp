// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Iterating a container does not re-check the awaited condition.
#include <condition_variable>
#include <mutex>
#include <vector>

std::mutex mu;
std::condition_variable cv;
void consume(int);

void drain(const std::vector<int> &expected) {
  std::unique_lock<std::mutex> lk(mu);
  for (int value : expected) {
    cv.wait(lk);
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'wait' on 'cv' without a predicate
    // CHECK-NOTES: :[[@LINE-3]]:3: note: this range-based loop does not re-check the awaited condition
    consume(value);
  }
}
