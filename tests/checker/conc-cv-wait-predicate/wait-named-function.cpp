// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A function named like a wait that tests the condition once itself is no
// forwarding wrapper: its bug is its own.
#include <condition_variable>
#include <mutex>

std::mutex mu;
std::condition_variable cv;
bool ready = false;

void wait_for_ready() {
  std::unique_lock<std::mutex> lk(mu);
  if (!ready)
    cv.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'wait' on 'cv' without a predicate
}
