// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t -- \
// RUN:   -config="{CheckOptions: {conc-cv-wait-predicate.ConditionVariableTypes: '::app::CondVar', conc-cv-wait-predicate.WaitFunctions: ''}}"
// The options replace the defaults: with std's types left out, a bare wait
// on std::condition_variable is not this configuration's business: silent.
#include <condition_variable>
#include <mutex>
#include <pthread.h>

std::mutex mu;
std::condition_variable cv;
pthread_mutex_t pmu;
pthread_cond_t pcv;

void f() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk);
  pthread_cond_wait(&pcv, &pmu);
}
