// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// std::condition_variable_any has the same waits, with any lockable.
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

std::shared_mutex mu;
std::condition_variable_any changed;
int version = 0;

int await_change(int seen) {
  std::unique_lock<std::shared_mutex> lk(mu);
  if (version == seen)
    changed.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'wait' on 'changed' without a predicate
  return version;
}
