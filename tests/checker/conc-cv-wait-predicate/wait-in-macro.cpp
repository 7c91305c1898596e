// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A wait spelled inside a macro is reported where the macro is used.
#include <condition_variable>
#include <mutex>

#define WAIT_ON(cv, lk) (cv).wait(lk)

std::mutex mu;
std::condition_variable cv;
bool ready = false;

void f() {
  std::unique_lock<std::mutex> lk(mu);
  if (!ready)
    WAIT_ON(cv, lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'wait' on 'cv' without a predicate
}
