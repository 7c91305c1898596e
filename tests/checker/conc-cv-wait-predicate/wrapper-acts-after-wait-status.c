// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Wrappers that wait under their caller's lock and look at the wait's
// status, but then act on the awaited state: after a spurious wake-up they
// take from an empty queue. Reported, whatever the shape around the wait.
#include <errno.h>
#include <pthread.h>
#include <time.h>

struct queue {
  pthread_cond_t nonempty;
  int count;
  int items[16];
};

void consume_next(void);

int pop_until(struct queue *q, pthread_mutex_t *held,
              const struct timespec *deadline) {
  int rc = pthread_cond_timedwait(&q->nonempty, held, deadline);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'pthread_cond_timedwait' on 'nonempty' without a predicate
  if (rc == ETIMEDOUT)
    return -1;
  return q->items[--q->count];
}

int take_in_switch(struct queue *q, pthread_mutex_t *held,
                   const struct timespec *deadline) {
  int rv;
  switch ((rv = pthread_cond_timedwait(&q->nonempty, held, deadline))) {
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'pthread_cond_timedwait' on 'nonempty' without a predicate
  case 0:
    q->count--;
    return 0;
  default:
    return rv;
  }
}

// A call without arguments after the wait can only act on shared state.
void wait_then_consume(pthread_cond_t *c, pthread_mutex_t *held) {
  int rv = pthread_cond_wait(c, held);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'pthread_cond_wait' on 'c' without a predicate
  if (rv == 0)
    consume_next();
}

// An `if` on the shared state, reached through a parameter, is the test
// of the awaited condition: tested once, not again after the wake-up.
void wait_if_empty(struct queue *q, pthread_mutex_t *held) {
  if (q->count == 0)
    pthread_cond_wait(&q->nonempty, held);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' on 'nonempty' without a predicate
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the condition is tested once here
}
