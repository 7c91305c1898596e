// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// The loop around a thread's creation does not re-check anything for the
// thread's own wait: the lambda is its own function.
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

std::mutex mu;
std::condition_variable cv;
bool go = false;

void start(std::vector<std::thread> &threads) {
  while (!go) {
    threads.emplace_back([] {
      std::unique_lock<std::mutex> lk(mu);
      cv.wait(lk);
      // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'wait' on 'cv' without a predicate
    });
    break;
  }
}
