// RUN: %check_conc_tidy %s conc-manual-lock %t
// A break out of the critical section skips the unlock at the end of the
// loop body.
#include <pthread.h>

struct slot {
  pthread_mutex_t mu;
  int owner;
};

int claim(struct slot *slots, int n, int me) {
  int i;
  for (i = 0; i < n; ++i) {
    pthread_mutex_lock(&slots->mu);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'slots.mu' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
    if (slots->owner == 0) {
      slots->owner = me;
      break;
    }
    pthread_mutex_unlock(&slots->mu);
  }
  return i;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'slots.mu' is still held when this return is taken
}
