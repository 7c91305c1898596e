// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found in libevent (evthread_pthread.c): the lock callbacks a threading
// library installs receive the lock as a `void *` and use it through a
// local copy. The lock is the caller's, as if the parameter were used
// directly: an unlock of it is a release, not an unlock of a lock nobody
// holds. Silent.
#include <pthread.h>

#define EVTHREAD_TRY 4

static int posix_lock(unsigned mode, void *lock_) {
  pthread_mutex_t *lock = lock_;
  if (mode & EVTHREAD_TRY)
    return pthread_mutex_trylock(lock);
  return pthread_mutex_lock(lock);
}

static int posix_unlock(unsigned mode, void *lock_) {
  pthread_mutex_t *lock = lock_;
  (void)mode;
  return pthread_mutex_unlock(lock);
}

struct callbacks {
  int (*lock)(unsigned, void *);
  int (*unlock)(unsigned, void *);
} posix_callbacks = {posix_lock, posix_unlock};
