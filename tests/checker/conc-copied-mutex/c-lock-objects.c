// RUN: %check_conc_tidy %s conc-copied-mutex %t
// The C lock objects themselves, copied: a mutex, a rwlock, a spinlock, a
// condition variable and a semaphore.
#define _POSIX_C_SOURCE 200809L /* rwlocks and spinlocks */
#include <pthread.h>
#include <semaphore.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
pthread_spinlock_t spin;
sem_t slots;

void copies(void) {
  pthread_mutex_t m = mu;
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: initialization of 'm' copies a 'pthread_mutex_t': a copied lock is a new lock
  pthread_rwlock_t r;
  r = rw;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment copies a 'pthread_rwlock_t'
  pthread_cond_t c = cv;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: initialization of 'c' copies a 'pthread_cond_t'
  pthread_spinlock_t s = spin;
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: initialization of 's' copies a 'pthread_spinlock_t'
  sem_t t = slots;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: initialization of 't' copies a 'sem_t'
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  (void)r; (void)c; (void)s; (void)t;
}
