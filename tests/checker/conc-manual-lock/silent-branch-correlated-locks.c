// RUN: %check_conc_tidy %s conc-manual-lock %t
// Locks taken on a branch and released under the same condition before
// the next lock, a try-lock that falls back to a blocking lock, a try-lock
// whose error code is compared to EBUSY, and a lock per loop turn: silent.
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int value;

void maybe_twice(int need) {
  if (need)
    pthread_mutex_lock(&mu);
  ++value;
  if (need)
    pthread_mutex_unlock(&mu);
  pthread_mutex_lock(&mu);
  ++value;
  pthread_mutex_unlock(&mu);
}

void try_then_wait(void) {
  if (pthread_mutex_trylock(&mu) != 0)
    pthread_mutex_lock(&mu);
  ++value;
  pthread_mutex_unlock(&mu);
}

void busy_then_wait(void) {
  int rc = pthread_mutex_trylock(&mu);
  if (rc == EBUSY)
    pthread_mutex_lock(&mu);
  ++value;
  pthread_mutex_unlock(&mu);
}

void each_turn(int n) {
  for (int i = 0; i < n; ++i) {
    pthread_mutex_lock(&mu);
    ++value;
    pthread_mutex_unlock(&mu);
  }
}
