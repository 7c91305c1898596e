// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Balanced C: the wait sits in a loop on the condition: silent.
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static int count;

int take(void) {
  pthread_mutex_lock(&lock);
  while (count == 0)
    pthread_cond_wait(&nonempty, &lock);
  int taken = count--;
  pthread_mutex_unlock(&lock);
  return taken;
}
