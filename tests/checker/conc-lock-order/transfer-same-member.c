// RUN: %check_conc_tidy %s conc-lock-order %t
// The C form of transfer(a, b) against transfer(b, a): each call holds one
// account's mutex and waits for the other's. C has no std::scoped_lock, so
// the advice is an order between the objects; the same through a helper
// that takes the two mutexes.
#include <pthread.h>

struct account {
  pthread_mutex_t mu;
  long balance;
};

void transfer(struct account *from, struct account *to, long amount) {
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'to.mu' is locked while 'from.mu' is held, a lock of the same kind in another object: a call with the two swapped locks them in the other order, and the two calls deadlock; give the objects one order (by address, or an id) and always lock in it [conc-lock-order]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'from.mu' is locked here
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
}

void lock_pair(pthread_mutex_t *first, pthread_mutex_t *second) {
  pthread_mutex_lock(first);
  pthread_mutex_lock(second);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'second' is locked while 'first' is held, a lock of the same kind in another object: a call with the two swapped locks them in the other order, and the two calls deadlock; give the objects one order (by address, or an id) and always lock in it [conc-lock-order]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'first' is locked here
}
