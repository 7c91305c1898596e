// RUN: %check_conc_tidy %s conc-manual-lock %t
// The error path unlocks, then falls through to the common unlock.
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int errors;

void record(int code) {
  pthread_mutex_lock(&mu);
  if (code != 0) {
    ++errors;
    pthread_mutex_unlock(&mu);
  }
  pthread_mutex_unlock(&mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mu' is unlocked twice on this path [conc-manual-lock]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: 'mu' was unlocked here already
}
