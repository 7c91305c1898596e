// RUN: %check_conc_tidy %s conc-manual-lock %t
// pthread read-write locks and spinlocks follow the same rules.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

static pthread_rwlock_t routes_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t stats_lock;
static int routes[64];
static long hits;

int route(int key) {
  pthread_rwlock_rdlock(&routes_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'routes_lock' is locked here and still held on a way out of the function
  if (key < 0 || key >= 64)
    return -1;
  int r = routes[key];
  pthread_rwlock_unlock(&routes_lock);
  return r;
}

void count_hit(void) {
  pthread_spin_lock(&stats_lock);
  ++hits;
  pthread_spin_lock(&stats_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stats_lock' is locked while it is already held on this path
  pthread_spin_unlock(&stats_lock);
}

int two_readers(void) {
  // Read locks may be taken again by a reader: not a double lock.
  pthread_rwlock_rdlock(&routes_lock);
  pthread_rwlock_rdlock(&routes_lock);
  int r = routes[0];
  pthread_rwlock_unlock(&routes_lock);
  pthread_rwlock_unlock(&routes_lock);
  return r;
}
