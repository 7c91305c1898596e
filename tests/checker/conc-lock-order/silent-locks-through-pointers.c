// RUN: %check_conc_tidy %s conc-lock-order %t
// Locks through pointers that keep one order everywhere: a pointer chosen
// between two locks always taken before a third, and a pointer to a global
// taken in the same order as the global itself.
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;

void either_then_c(int k) {
  pthread_mutex_t *first = k ? &a : &b;
  pthread_mutex_lock(first);
  pthread_mutex_lock(&c);
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(first);
}

void a_then_c(void) {
  pthread_mutex_t *m = &a;
  pthread_mutex_lock(m);
  pthread_mutex_lock(&c);
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(m);
}
