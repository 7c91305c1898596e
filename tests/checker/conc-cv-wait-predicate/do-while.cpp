// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// do/while re-checks after the wait: silent.
#include <condition_variable>
#include <mutex>

std::mutex mu;
std::condition_variable cv;
int pending = 0;

void drain() {
  std::unique_lock<std::mutex> lk(mu);
  do {
    cv.wait(lk);
  } while (pending > 0);
}
