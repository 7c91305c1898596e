// RUN: %check_conc_tidy %s conc-lock-order %t
// C: two pthreads taking opposite orders, the first joined before the
// second is created; and main taking one order before it creates the
// thread that takes the other. Silent.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int shared;

static void *ab(void *arg) {
  (void)arg;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  shared++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return NULL;
}

static void *ba(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  shared--;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return NULL;
}

int run_phases(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, ab, NULL) != 0)
    return 1;
  pthread_join(t, NULL);
  if (pthread_create(&t, NULL, ba, NULL) != 0)
    return 1;
  pthread_join(t, NULL);
  return 0;
}
