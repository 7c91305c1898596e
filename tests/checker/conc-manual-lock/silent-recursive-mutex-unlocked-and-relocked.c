// RUN: %check_conc_tidy %s conc-manual-lock %t
// A pthread mutex made recursive by its attribute, and a function that runs
// under its caller's hold of it and lets go of it around a slow call. The
// mutex is held as the caller left it on every way out: silent, as for a
// plain mutex.
#define _XOPEN_SOURCE 700 /* PTHREAD_MUTEX_RECURSIVE under -std=c17 */
#include <pthread.h>

static pthread_mutex_t big_lock;
int ready(void);
void slow_io(void);

void init_big_lock(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&big_lock, &attr);
  pthread_mutexattr_destroy(&attr);
}

/* Requires big_lock held. */
int flush_locked(void) {
  if (ready())
    return 0;
  pthread_mutex_unlock(&big_lock);
  slow_io();
  pthread_mutex_lock(&big_lock);
  return 1;
}

void flush(void) {
  pthread_mutex_lock(&big_lock);
  flush_locked();
  pthread_mutex_unlock(&big_lock);
}
