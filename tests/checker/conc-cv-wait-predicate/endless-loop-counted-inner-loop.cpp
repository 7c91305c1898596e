// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A loop inside the endless loop that counts with the function's own
// variable tests no shared state: after a spurious wake-up the worker
// takes the front of an empty queue. Reported.
#include <condition_variable>
#include <deque>
#include <mutex>

std::mutex mu;
std::condition_variable cv;
std::deque<int> jobs;
void handle(int);
void log_round(int);

void worker() {
  std::unique_lock<std::mutex> lk(mu);
  for (;;) {
    for (int i = 0; i < 3; ++i)
      log_round(i);
    cv.wait(lk);
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'wait' on 'cv' without a predicate
    // CHECK-NOTES: :[[@LINE-5]]:3: note: this loop has no exit that depends on the awaited condition
    handle(jobs.front());
    jobs.pop_front();
  }
}
