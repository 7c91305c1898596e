// RUN: %check_conc_tidy %s conc-manual-lock %t
// Locks reached through local pointers are named by what they point to: a
// pointer to a global locked after the global itself, a lock inside a
// malloc'ed struct reached through two pointers, and a pointer chosen
// between two locks and left held on an early return.
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static long hits;

void count(void) {
  pthread_mutex_t *m = &stats_mu;
  pthread_mutex_lock(&stats_mu);
  pthread_mutex_lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stats_mu' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
  ++hits;
  pthread_mutex_unlock(m);
}

struct conn {
  pthread_mutex_t mu;
  int open;
};

struct conn *conn_open(void) {
  struct conn *c = malloc(sizeof *c);
  if (c == NULL)
    return NULL;
  pthread_mutex_init(&c->mu, NULL);
  struct conn *same = c;
  pthread_mutex_lock(&c->mu);
  pthread_mutex_lock(&same->mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c.mu' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
  c->open = 1;
  pthread_mutex_unlock(&c->mu);
  return c;
}

static pthread_mutex_t read_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;

int touch(int writing) {
  pthread_mutex_t *m = writing ? &write_mu : &read_mu;
  pthread_mutex_lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  if (hits < 0)
    return -1;
  ++hits;
  pthread_mutex_unlock(m);
  return 0;
}
