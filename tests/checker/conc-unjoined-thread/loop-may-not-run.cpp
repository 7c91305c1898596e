// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// A join inside a loop that may run zero times: reported. The count is not
// known when the counter is written in the body or the bound is not a
// constant; a loop whose condition is false at once never joins.
#include <pthread.h>
#include <thread>

void work() noexcept;
void *run(void *);
int step(int) noexcept;

void never_runs() {
  std::thread t(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' may still be joinable when it is destroyed
  for (int i = 0; i < 0; ++i)
    t.join();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' is destroyed while joinable at the end of its scope

// Variant: the counter is written in the body.
void counter_written(int n) {
  std::thread t(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' may still be joinable when it is destroyed
  for (int i = 0; i < 1; ++i) {
    i = step(n);
    t.join();
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' is destroyed while joinable at the end of its scope

// Variant: pthreads, the bound a parameter.
void bound_unknown(int n) {
  pthread_t tid;
  pthread_create(&tid, nullptr, run, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread 'tid' from pthread_create may be neither joined nor detached
  for (int i = 0; i < n; ++i)
    pthread_join(tid, nullptr);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'tid' goes out of scope unjoined at the end of its scope

// CHECK-FIXES: std::jthread t(work);
