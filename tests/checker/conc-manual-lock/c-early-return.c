// RUN: %check_conc_tidy %s conc-manual-lock %t
// The early return forgets the unlock: the next caller blocks forever.
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int balance;

int withdraw(int amount) {
  pthread_mutex_lock(&lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lock' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  if (amount > balance)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'lock' is still held when this return is taken
  balance -= amount;
  pthread_mutex_unlock(&lock);
  return 0;
}
