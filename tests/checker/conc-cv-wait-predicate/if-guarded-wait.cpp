// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// `if` tests the condition once; after a spurious wake-up nobody tests it
// again. Upstream bugprone-spuriously-wake-up-functions catches this form only.
#include <condition_variable>
#include <mutex>

std::mutex mu;
std::condition_variable cv;
bool ready = false;

void consumer() {
  std::unique_lock<std::mutex> lk(mu);
  if (!ready)
    cv.wait(lk);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'wait' on 'cv' without a predicate goes on after a spurious wake-up
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the condition is tested once here, not again after the wake-up
}

void consumer_with_braces() {
  std::unique_lock<std::mutex> lk(mu);
  if (!ready) {
    cv.wait(lk);
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'wait' on 'cv' without a predicate
    // CHECK-NOTES: :[[@LINE-3]]:3: note: the condition is tested once here
  }
}
