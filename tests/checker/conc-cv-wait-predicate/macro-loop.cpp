// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A macro that expands to a correct loop is correct: silent.
#include <condition_variable>
#include <mutex>

#define WAIT_UNTIL(cv, lk, cond)                                               \
  while (!(cond))                                                              \
  (cv).wait(lk)

std::mutex mu;
std::condition_variable cv;
bool ready = false;

void f() {
  std::unique_lock<std::mutex> lk(mu);
  WAIT_UNTIL(cv, lk, ready);
}
