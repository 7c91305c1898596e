// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// The classic loop re-checks the condition after every wake-up: silent,
// also with a timed wait whose timeout ends the loop, and with the wait
// nested in an `if` inside the loop.
#include <chrono>
#include <condition_variable>
#include <mutex>

std::mutex mu;
std::condition_variable cv;
bool ready = false;
bool paused = false;

void plain() {
  std::unique_lock<std::mutex> lk(mu);
  while (!ready)
    cv.wait(lk);
}

bool with_deadline(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lk(mu);
  while (!ready) {
    if (cv.wait_until(lk, deadline) == std::cv_status::timeout)
      return ready;
  }
  return true;
}

void nested_if() {
  std::unique_lock<std::mutex> lk(mu);
  while (!ready) {
    if (paused) {
      cv.wait(lk);
    }
  }
}

void counted_for() {
  std::unique_lock<std::mutex> lk(mu);
  for (int spins = 0; !ready; ++spins)
    cv.wait(lk);
}
