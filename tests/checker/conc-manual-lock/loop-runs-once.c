// RUN: %check_conc_tidy %s conc-manual-lock %t
// A loop that runs exactly once neither locks twice nor skips its unlock;
// one that never runs never unlocks.
#include <pthread.h>

struct table {
  pthread_mutex_t mu;
  int rows;
};

void once(struct table *t) {
  int i;
  for (i = 0; i < 1; i++)
    pthread_mutex_lock(&t->mu);
  t->rows++;
  for (i = 0; i < 1; i++)
    pthread_mutex_unlock(&t->mu);
}

void never(struct table *t) {
  pthread_mutex_lock(&t->mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 't.mu' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  t->rows++;
  for (int i = 0; i < 0; i++)
    pthread_mutex_unlock(&t->mu);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't.mu' is still held when the function returns
