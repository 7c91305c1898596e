// RUN: %check_conc_tidy %s conc-copied-mutex %t
// Initialization, assignment and return by value each copy the lock; a
// struct that holds such a struct holds the lock too.
#include <pthread.h>

struct account {
  int balance;
  pthread_mutex_t mu;
};

struct bank {
  const char *name;
  struct account main;
};

struct account snapshot(struct account *a) {
  return *a;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: return by value copies 'struct account', which holds the lock 'mu' ('pthread_mutex_t')
}

void audit(struct account *a, struct bank *b) {
  struct account copy = *a;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: initialization of 'copy' copies 'struct account', which holds the lock 'mu'
  copy = b->main;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: assignment copies 'struct account', which holds the lock 'mu'
  struct bank other = *b;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: initialization of 'other' copies 'struct bank', which holds the lock 'main.mu' ('pthread_mutex_t')
  (void)other;
  (void)copy;
}
