// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// C wrappers that wait once on a condition variable and a mutex their
// caller hands in (and locked), then only look at the wait's own status:
// they return it, translate it, or report it and stop. The caller owns the
// condition and the loop, so the wrappers are silent (curl's
// Curl_cond_timedwait, libevent's evthread_posix_cond_wait, nng's
// nni_pthread_cond_timedwait), however they compute their deadline or pick
// the kind of wait.
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

void report_and_abort(const char *what, const char *why);

// Computes an absolute deadline from a relative timeout first, then
// translates the status.
int cond_timedwait_ms(pthread_cond_t *c, pthread_mutex_t *m, long timeout_ms) {
  struct timeval now;
  struct timespec ts;
  int rc;
  gettimeofday(&now, NULL);
  ts.tv_sec = now.tv_sec + timeout_ms / 1000;
  ts.tv_nsec = (now.tv_usec + (timeout_ms % 1000) * 1000) * 1000;
  rc = pthread_cond_timedwait(c, m, &ts);
  if (rc == ETIMEDOUT)
    return 1;
  return rc ? -1 : 0;
}

// Opaque handles copied into typed locals; a parameter picks the kind of
// wait (a timed one or not): that `if` is no test of the awaited condition.
int posix_cond_wait(void *cond_, void *lock_, const struct timespec *deadline) {
  int r;
  pthread_cond_t *cond = cond_;
  pthread_mutex_t *lock = lock_;
  if (deadline) {
    r = pthread_cond_timedwait(cond, lock, deadline);
    if (r == ETIMEDOUT)
      return 1;
    else if (r)
      return -1;
    else
      return 0;
  } else {
    r = pthread_cond_wait(cond, lock);
    return r ? -1 : 0;
  }
}

// The wait in a switch on its status; anything unexpected is reported with
// the status and ends the program.
int checked_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                      struct timespec *ts) {
  int rv;
  switch ((rv = pthread_cond_timedwait(c, m, ts))) {
  case 0:
    return 0;
  case ETIMEDOUT:
  case EAGAIN:
    return -2;
  }
  report_and_abort("pthread_cond_timedwait", strerror(rv));
  return -3;
}

// The status checked in the `if` that holds the wait.
void checked_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  int rv;
  if ((rv = pthread_cond_wait(c, m)) != 0)
    report_and_abort("pthread_cond_wait", strerror(rv));
}
