// RUN: %check_conc_tidy %s conc-manual-lock %t
// An attribute set to another kind does not make a mutex recursive: an
// error-checking mutex fails the second lock (the code above then works
// without the lock it thinks it holds), a normal one deadlocks.
#define _GNU_SOURCE
#include <pthread.h>

static pthread_mutex_t tree_mu;
static int nodes;

void tree_init(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&tree_mu, &attr);
  pthread_mutexattr_destroy(&attr);
}

void tree_grow(void) {
  pthread_mutex_lock(&tree_mu);
  pthread_mutex_lock(&tree_mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'tree_mu' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
  ++nodes;
  pthread_mutex_unlock(&tree_mu);
  pthread_mutex_unlock(&tree_mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'tree_mu' is unlocked twice on this path [conc-manual-lock]
}
