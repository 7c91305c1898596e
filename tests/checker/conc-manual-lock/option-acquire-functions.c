// RUN: %check_conc_tidy %s conc-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {conc-manual-lock.AcquireFunctions: 'enter_critical'}}"
// A function that returns holding the lock by design, named by option;
// the same body under another name leaks.
#include <pthread.h>

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;

void enter_critical(void) { pthread_mutex_lock(&big_lock); }
void leave_critical(void) { pthread_mutex_unlock(&big_lock); }

void forgetful(void) {
  pthread_mutex_lock(&big_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'big_lock' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
}
