// RUN: %check_conc_tidy %s conc-lock-order %t
// A lock reached through a pointer enters the lock-order graph as what it
// may point to: here the pointer may be `a`, taken before `c`, while
// another function takes `c` before `a`.
#include <pthread.h>
#include <stdlib.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;

void either_then_c(int k) {
  pthread_mutex_t *first = k ? &a : &b;
  pthread_mutex_lock(first);
  pthread_mutex_lock(&c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'a' -> 'c' -> 'a': threads that take these locks in these orders can deadlock; always take them in one order [conc-lock-order]
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(first);
}

void c_then_a(void) {
  pthread_mutex_lock(&c);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&c);
}
