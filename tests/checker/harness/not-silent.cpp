// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// No expectations means "must stay silent"; this code is not silent.
#include <condition_variable>
#include <mutex>
std::mutex mu;
std::condition_variable cv;
void f() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk);
}
