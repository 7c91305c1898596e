// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A wait in a template is seen once per instantiation; it is one bug and is
// reported once (the implicit check-not fails the test on a second report).
#include <condition_variable>
#include <mutex>

template <typename CondVar, typename Lock>
void await(CondVar &cv, Lock &lk, const bool &ready) {
  if (!ready)
    cv.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'wait' on 'cv' without a predicate
}

std::mutex mu;
std::condition_variable cv;
std::condition_variable_any cv_any;
bool ready = false;

void use_both() {
  std::unique_lock<std::mutex> lk(mu);
  await(cv, lk, ready);
  await(cv_any, lk, ready);
}
