// RUN: %check_conc_tidy %s conc-lock-order %t
// Both orders appear, but never nested: each lock is released before the
// other is taken. And a try-lock never waits, so it cannot close a cycle.
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int x, y;

void first(void) {
  pthread_mutex_lock(&a);
  ++x;
  pthread_mutex_unlock(&a);
  pthread_mutex_lock(&b);
  ++y;
  pthread_mutex_unlock(&b);
}

void second(void) {
  pthread_mutex_lock(&b);
  ++y;
  pthread_mutex_unlock(&b);
  pthread_mutex_lock(&a);
  ++x;
  pthread_mutex_unlock(&a);
}

void nested(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  x = y;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}

int opportunistic(void) {
  pthread_mutex_lock(&b);
  if (pthread_mutex_trylock(&a) != 0) {
    pthread_mutex_unlock(&b);
    return 0;
  }
  y = x;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return 1;
}
