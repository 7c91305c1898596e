// RUN: %check_conc_tidy %s conc-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {conc-manual-lock.AcquireFunctions: 'enter_critical'}}"
// A function that returns holding the lock by design, named by option;
// the same body under another name leaks. (A body that is nothing but the
// lock is a wrapper whatever its name: silent-lock-only-wrappers.cpp; these
// bodies do more.)
#include <pthread.h>

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static int depth;

void enter_critical(void) {
  pthread_mutex_lock(&big_lock);
  ++depth;
}
void leave_critical(void) { pthread_mutex_unlock(&big_lock); }

void forgetful(void) {
  pthread_mutex_lock(&big_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'big_lock' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  ++depth;
}
