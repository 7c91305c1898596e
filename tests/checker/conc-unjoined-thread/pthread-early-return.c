// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// C: a pthread that is neither joined nor detached on some path leaks its
// stack and its result, and nobody knows when it ends.
#include <pthread.h>
#include <stddef.h>

void *run(void *arg);
int prepare(void);

int start(void) {
  pthread_t tid;
  if (pthread_create(&tid, NULL, run, NULL) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: thread 'tid' from pthread_create may be neither joined nor detached: nothing waits for it and its resources leak [conc-unjoined-thread]
    return -1; /* no thread was made: nothing to join */
  if (prepare() != 0)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'tid' goes out of scope unjoined when this return is taken
  pthread_join(tid, NULL);
  return 0;
}
