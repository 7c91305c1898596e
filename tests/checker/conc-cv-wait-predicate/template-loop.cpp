// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A correct loop in a template, instantiated with both kinds of condition
// variable: silent in every instantiation.
#include <condition_variable>
#include <mutex>

template <typename CondVar, typename Lock>
void await(CondVar &cv, Lock &lk, const bool &ready) {
  while (!ready)
    cv.wait(lk);
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
