// RUN: %check_conc_tidy %s conc-manual-lock %t
// Thread bodies that give every lock back, themselves or through helpers,
// and a lock helper that is not a thread body: silent.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static int jobs;

static void take_jobs(void) { pthread_mutex_lock(&jobs_mu); }
static void give_jobs(void) { pthread_mutex_unlock(&jobs_mu); }

static void *count(void *arg) {
  (void)arg;
  pthread_mutex_lock(&jobs_mu);
  ++jobs;
  pthread_mutex_unlock(&jobs_mu);
  return NULL;
}

static void *drain(void *arg) {
  (void)arg;
  take_jobs();
  jobs = 0;
  give_jobs();
  return NULL;
}

int start(void) {
  pthread_t a, b;
  if (pthread_create(&a, NULL, count, NULL) != 0)
    return -1;
  if (pthread_create(&b, NULL, drain, NULL) != 0)
    return -1;
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
