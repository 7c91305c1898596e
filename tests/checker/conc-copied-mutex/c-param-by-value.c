// RUN: %check_conc_tidy %s conc-copied-mutex %t
// A struct holding a pthread mutex, passed by value: the callee locks its
// own copy, which excludes nobody. Reported once, at the definition, not at
// the prototype or at each call.
#include <pthread.h>

struct account {
  int balance;
  pthread_mutex_t mu;
};

void deposit(struct account a, int amount);

void deposit(struct account a, int amount) {
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: parameter 'a' passed by value copies 'struct account', which holds the lock 'mu' ('pthread_mutex_t'): a copied lock is a new lock that does not exclude the original's users; use a pointer or a reference [conc-copied-mutex]
  // CHECK-NOTES: :[[@LINE-7]]:19: note: the lock 'mu' is declared here
  pthread_mutex_lock(&a.mu);
  a.balance += amount;
  pthread_mutex_unlock(&a.mu);
}

void pay(struct account *from) { deposit(*from, 10); }
