// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A wait wrapper that records the outcome in a variable every thread shares
// (not in the thread's own `errno`) acts on shared state after the wake-up,
// and a member of the object it was handed is shared too. Reported.
#include <errno.h>
#include <pthread.h>
#include <time.h>

int last_wait_error;

struct waiter {
  pthread_cond_t cond;
  int timeouts;
};

int cond_timedwait_global(pthread_cond_t *cond, pthread_mutex_t *held,
                          const struct timespec *deadline) {
  int rc = pthread_cond_timedwait(cond, held, deadline);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'pthread_cond_timedwait' on 'cond' without a predicate
  if (rc != 0) {
    last_wait_error = rc;
    return -1;
  }
  return 0;
}

int cond_timedwait_counted(struct waiter *w, pthread_mutex_t *held,
                           const struct timespec *deadline) {
  int rc = pthread_cond_timedwait(&w->cond, held, deadline);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'pthread_cond_timedwait' on 'cond' without a predicate
  if (rc == ETIMEDOUT)
    w->timeouts++;
  return rc;
}
