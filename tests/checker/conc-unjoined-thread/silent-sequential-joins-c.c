// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// The same in C: joins, a detach and an unlock one after the other.
#include <pthread.h>
#include <stddef.h>

void *run(void *);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int three(void) {
  pthread_t a, b, c;
  if (pthread_create(&a, NULL, run, NULL) != 0)
    return -1;
  if (pthread_create(&b, NULL, run, NULL) != 0) {
    pthread_join(a, NULL);
    return -1;
  }
  if (pthread_create(&c, NULL, run, NULL) != 0) {
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return -1;
  }
  pthread_mutex_lock(&lock);
  pthread_mutex_unlock(&lock);
  pthread_join(a, NULL);
  pthread_detach(b);
  pthread_join(c, NULL);
  return 0;
}
