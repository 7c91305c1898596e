// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A wrapper handed a lockable by pointer that locks it itself, through its
// own lock() or a guard, tested nothing under it before the wait: no
// caller can have. Reported.
#include <chrono>
#include <condition_variable>
#include <mutex>

class mutex_t {
public:
  void lock();
  void unlock();
};

std::condition_variable_any ready;

void wait_once(mutex_t *mu) {
  mu->lock();
  ready.wait(*mu);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'wait' on 'ready' without a predicate
  mu->unlock();
}

bool wait_once_guarded(mutex_t *mu) {
  std::unique_lock<mutex_t> held(*mu);
  return ready.wait_for(*mu, std::chrono::seconds(1)) ==
         // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'wait_for' on 'ready' without a predicate
         std::cv_status::no_timeout;
}
