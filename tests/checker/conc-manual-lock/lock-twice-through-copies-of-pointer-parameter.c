// RUN: %check_conc_tidy %s conc-manual-lock %t
// Two local copies of the same `void *` parameter name the same lock, the
// caller's: locking through one and then the other locks it twice.
// Reported.
#include <pthread.h>

void lock_both(void *arg) {
  pthread_mutex_t *first = arg;
  pthread_mutex_t *second = arg;
  pthread_mutex_lock(first);
  pthread_mutex_lock(second);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'arg' is locked while it is already held on this path: a non-recursive lock deadlocks on itself
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'arg' was locked here
  pthread_mutex_unlock(second);
}
