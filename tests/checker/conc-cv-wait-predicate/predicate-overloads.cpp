// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Every overload that takes a predicate loops inside the library: silent.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

std::mutex mu;
std::condition_variable cv;
std::condition_variable_any cv_any;
bool ready = false;

void waits(std::stop_token stop) {
  using namespace std::chrono_literals;
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk, [] { return ready; });
  if (!cv.wait_for(lk, 10ms, [] { return ready; }))
    return;
  cv.wait_until(lk, std::chrono::steady_clock::now() + 1s, [] { return ready; });
  cv_any.wait(lk, [] { return ready; });
  cv_any.wait(lk, stop, [] { return ready; });
  cv_any.wait_for(lk, stop, 10ms, [] { return ready; });
  cv_any.wait_until(lk, stop, std::chrono::steady_clock::now() + 1s, [] { return ready; });
}
