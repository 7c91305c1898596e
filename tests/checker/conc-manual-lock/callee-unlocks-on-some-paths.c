// RUN: %check_conc_tidy %s conc-manual-lock %t
// A callee that releases the lock, called on one path only: the other path
// returns holding it. And a callee that released it already, before an
// unlock of the caller's own.
#include <pthread.h>

static pthread_mutex_t queue_mu = PTHREAD_MUTEX_INITIALIZER;
static int queued;

static void queue_leave(void) { pthread_mutex_unlock(&queue_mu); }

int push(int n) {
  pthread_mutex_lock(&queue_mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'queue_mu' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  if (n < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'queue_mu' is still held when this return is taken
  queued += n;
  queue_leave();
  return 0;
}

static void queue_release_all(void) {
  queued = 0;
  queue_leave();
}

void clear(int twice) {
  pthread_mutex_lock(&queue_mu);
  queue_release_all();
  if (twice)
    pthread_mutex_unlock(&queue_mu);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'queue_mu' is unlocked here, but it is not held on this path [conc-manual-lock]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: 'queue_release_all', called here, unlocks it
}
