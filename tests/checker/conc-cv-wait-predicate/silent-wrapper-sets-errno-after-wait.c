// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A C wait wrapper that turns pthread's status into the -1-and-errno
// convention: `errno` is the calling thread's own, so setting it acts on
// nothing another thread shares. Silent, also when a macro sets it.
#include <errno.h>
#include <pthread.h>
#include <time.h>

#define FAIL_WITH(code) (errno = (code), -1)

int cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *held,
                   const struct timespec *deadline) {
  int rc = pthread_cond_timedwait(cond, held, deadline);
  if (rc != 0) {
    errno = rc == ETIMEDOUT ? EAGAIN : rc;
    return -1;
  }
  return 0;
}

int cond_wait(pthread_cond_t *cond, pthread_mutex_t *held) {
  int rc = pthread_cond_wait(cond, held);
  return rc == 0 ? 0 : FAIL_WITH(rc);
}
