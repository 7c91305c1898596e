// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// wait_for/wait_until without a predicate return early on a spurious
// wake-up, and no_timeout does not mean the condition holds.
#include <chrono>
#include <condition_variable>
#include <mutex>

std::mutex mu;
std::condition_variable cv;
bool ready = false;

bool poll_ready() {
  std::unique_lock<std::mutex> lk(mu);
  if (cv.wait_for(lk, std::chrono::milliseconds(100)) == std::cv_status::timeout)
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'wait_for' on 'cv' without a predicate
    return false;
  return ready;
}

bool ready_by(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait_until(lk, deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'wait_until' on 'cv' without a predicate
  return ready;
}
