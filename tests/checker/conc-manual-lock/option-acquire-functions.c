// RUN: %check_conc_tidy %s conc-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {conc-manual-lock.AcquireFunctions: 'enter_critical'}}"
// A function that returns holding the lock on success and unlocks it on
// failure is an acquirer by design only when the option says so; the same
// body under another name leaks it on the success path. (A function with
// no path that unlocks is an acquirer whatever its name:
// silent-lock-only-wrappers.cpp.)
#include <pthread.h>

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static int depth;

int enter_critical(void) {
  pthread_mutex_lock(&big_lock);
  if (depth < 0) {
    pthread_mutex_unlock(&big_lock);
    return -1;
  }
  ++depth;
  return 0;
}
void leave_critical(void) { pthread_mutex_unlock(&big_lock); }

int forgetful(void) {
  pthread_mutex_lock(&big_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'big_lock' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  if (depth < 0) {
    pthread_mutex_unlock(&big_lock);
    return -1;
  }
  ++depth;
  return 0;
}
