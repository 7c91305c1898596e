// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A loop that never tests a condition is no better than no loop: each
// spurious wake-up processes an empty queue.
#include <condition_variable>
#include <deque>
#include <mutex>

std::mutex mu;
std::condition_variable cv;
std::deque<int> jobs;
void handle(int);

void worker() {
  std::unique_lock<std::mutex> lk(mu);
  for (;;) {
    cv.wait(lk);
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'wait' on 'cv' without a predicate
    // CHECK-NOTES: :[[@LINE-3]]:3: note: this loop has no exit that depends on the awaited condition
    handle(jobs.front());
    jobs.pop_front();
  }
}

void worker_with_unconditional_break() {
  std::unique_lock<std::mutex> lk(mu);
  while (true) {
    cv.wait(lk);
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'wait' on 'cv' without a predicate
    // CHECK-NOTES: :[[@LINE-3]]:3: note: this loop has no exit that depends on the awaited condition
    break;
  }
}
