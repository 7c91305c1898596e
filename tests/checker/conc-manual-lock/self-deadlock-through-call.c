// RUN: %check_conc_tidy %s conc-manual-lock %t
// In C: a global locked and a helper called that locks it again, and a
// struct's lock held while a helper locks it through its parameter.
#include <pthread.h>

static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static long hits;

static void count_hit(void) {
  pthread_mutex_lock(&stats_mu);
  ++hits;
  pthread_mutex_unlock(&stats_mu);
}

void serve(void) {
  pthread_mutex_lock(&stats_mu);
  count_hit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stats_mu' is locked again in 'count_hit', called here while it is held: a non-recursive lock deadlocks on itself [conc-manual-lock]
  pthread_mutex_unlock(&stats_mu);
}

struct conn {
  pthread_mutex_t mu;
  int open;
};

static void conn_close(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  c->open = 0;
  pthread_mutex_unlock(&c->mu);
}

void conn_fail(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  if (c->open)
    conn_close(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'c.mu' is locked again in 'conn_close', called here while it is held: a non-recursive lock deadlocks on itself [conc-manual-lock]
  pthread_mutex_unlock(&c->mu);
}
