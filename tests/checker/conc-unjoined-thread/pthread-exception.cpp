// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// C++ code that starts a pthread and then calls something that may throw
// loses the handle: the thread is never joined.
#include <pthread.h>
#include <vector>

void *run(void *);
void load(std::vector<int> &); // may throw

int start() {
  pthread_t tid;
  int rc = pthread_create(&tid, nullptr, run, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: thread 'tid' from pthread_create may be neither joined nor detached
  if (rc != 0)
    return rc;
  std::vector<int> data;
  load(data);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'tid' goes out of scope unjoined if 'load' throws here
  pthread_join(tid, nullptr);
  return 0;
}

void never_joined() {
  pthread_t tid;
  pthread_create(&tid, nullptr, run, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread 'tid' from pthread_create may be neither joined nor detached
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'tid' goes out of scope unjoined at the end of its scope
