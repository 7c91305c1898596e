// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// for(;;) and while(true) that leave only when a condition holds are loops
// that re-check: silent. A break in a nested switch or loop does not count,
// but the conditional return here does.
#include <condition_variable>
#include <mutex>

std::mutex mu;
std::condition_variable cv;
bool ready = false;
bool stopped = false;
int state = 0;

void for_ever_break() {
  std::unique_lock<std::mutex> lk(mu);
  for (;;) {
    cv.wait(lk);
    if (ready)
      break;
  }
}

int while_true_return() {
  std::unique_lock<std::mutex> lk(mu);
  while (true) {
    switch (state) {
    case 0:
      break;
    default:
      cv.notify_all();
      break;
    }
    if (stopped)
      return -1;
    cv.wait(lk);
  }
}
