// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// C: a function that locks the mutex itself and then waits without a loop.
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started = PTHREAD_COND_INITIALIZER;

void wait_started(void) {
  pthread_mutex_lock(&m);
  pthread_cond_wait(&started, &m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_cond_wait' on 'started' without a predicate
  pthread_mutex_unlock(&m);
}

struct chan {
  pthread_mutex_t mu;
  pthread_cond_t readable;
};

void chan_block(struct chan *c) {
  pthread_mutex_lock(&c->mu);
  pthread_cond_wait(&c->readable, &c->mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_cond_wait' on 'readable' without a predicate
  pthread_mutex_unlock(&c->mu);
}
