// RUN: %check_conc_tidy %s conc-lock-order %t
// The same inversion in C with pthread calls.
#include <pthread.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int queued, served;

void enqueue(void) {
  pthread_mutex_lock(&queue_lock);
  ++queued;
  pthread_mutex_lock(&stats_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'queue_lock' -> 'stats_lock' -> 'queue_lock'
  ++served;
  pthread_mutex_unlock(&stats_lock);
  pthread_mutex_unlock(&queue_lock);
}

void report(void) {
  pthread_mutex_lock(&stats_lock);
  pthread_mutex_lock(&queue_lock);
  served = queued;
  pthread_mutex_unlock(&queue_lock);
  pthread_mutex_unlock(&stats_lock);
}
