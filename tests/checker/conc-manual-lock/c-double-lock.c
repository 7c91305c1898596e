// RUN: %check_conc_tidy %s conc-manual-lock %t
// The same function locks twice on one path: a default pthread mutex
// deadlocks on itself.
#include <pthread.h>

struct table {
  pthread_mutex_t mu;
  int rows;
};

void grow(struct table *t, int extra) {
  pthread_mutex_lock(&t->mu);
  if (extra > 0) {
    pthread_mutex_lock(&t->mu);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 't.mu' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: 't.mu' was locked here
    t->rows += extra;
  }
  pthread_mutex_unlock(&t->mu);
}
