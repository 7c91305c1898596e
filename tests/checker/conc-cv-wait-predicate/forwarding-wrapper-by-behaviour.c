// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// C wrappers around pthread_cond_wait and cnd_wait that wait on a mutex the
// caller locked (they never lock it themselves) are silent, whatever their
// names.
#include <pthread.h>
#include <threads.h>

struct event {
  pthread_cond_t cond;
  pthread_mutex_t *mutex;
};

void event_sleep(struct event *e) { pthread_cond_wait(&e->cond, e->mutex); }

int event_sleep_until(struct event *e, const struct timespec *deadline) {
  int rc = pthread_cond_timedwait(&e->cond, e->mutex, deadline);
  return rc;
}

void c11_sleep(cnd_t *cond, mtx_t *held) { cnd_wait(cond, held); }

#define SLEEP_ON(cv, mu) pthread_cond_wait(&(cv), &(mu))
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
void sleep_under_big_lock(void) { SLEEP_ON(wake, big_lock); }
