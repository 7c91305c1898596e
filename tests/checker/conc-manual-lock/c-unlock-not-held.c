// RUN: %check_conc_tidy %s conc-manual-lock %t
// The guard clause unlocks a lock that this path never took.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int queue[16];
static size_t queue_len;

int push(int item) {
  if (queue_len == 16) {
    pthread_mutex_unlock(&queue_lock);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'queue_lock' is unlocked here, but it is not held on this path [conc-manual-lock]
    // CHECK-NOTES: :[[@LINE+3]]:3: note: 'queue_lock' is locked here, on other paths
    return -1;
  }
  pthread_mutex_lock(&queue_lock);
  queue[queue_len++] = item;
  pthread_mutex_unlock(&queue_lock);
  return 0;
}
