// RUN: %check_conc_tidy %s conc-manual-lock %t
// A flag that does not follow its lock says nothing of it. Here the fast
// path unlocks and leaves the flag set, and the busy path clears the flag
// with the lock still held: the test at the end lets the fast path unlock
// twice and the busy path return holding the lock. Both are reported; a
// flow that trusted the flag would see neither.
#include <pthread.h>

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static int pending;
int busy(void);

int drain(int fast) {
  int locked = 0;
  pthread_mutex_lock(&jobs_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'jobs_lock' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  locked = 1;
  if (fast)
    pthread_mutex_unlock(&jobs_lock);
  else if (busy())
    locked = 0;
  else
    pending = 0;
  if (locked)
    pthread_mutex_unlock(&jobs_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'jobs_lock' is unlocked twice on this path [conc-manual-lock]
  return pending;
}
