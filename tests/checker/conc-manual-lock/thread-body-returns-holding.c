// RUN: %check_conc_tidy %s conc-manual-lock %t
// A function started as a thread that returns holding a lock: nobody
// unlocks for it, whatever its name or shape (a body with no unlock path
// would otherwise be a lock helper). Directly, and through a helper.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static int jobs;

static void *lock_and_count(void *arg) {
  (void)arg;
  pthread_mutex_lock(&jobs_mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'jobs_mu' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  ++jobs;
  return NULL;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'jobs_mu' is still held when this return is taken
  // CHECK-NOTES: :[[@LINE+17]]:7: note: 'lock_and_count' runs as a thread, started here: no caller unlocks for it
}

static void take_jobs(void) { pthread_mutex_lock(&jobs_mu); }

static void *drain(void *arg) {
  (void)arg;
  take_jobs();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'jobs_mu' is locked by 'take_jobs', called here, and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  jobs = 0;
  return NULL;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'jobs_mu' is still held when this return is taken
  // CHECK-NOTES: :[[@LINE+7]]:7: note: 'drain' runs as a thread, started here: no caller unlocks for it
}

int start(void) {
  pthread_t a, b;
  if (pthread_create(&a, NULL, lock_and_count, NULL) != 0)
    return -1;
  if (pthread_create(&b, NULL, drain, NULL) != 0)
    return -1;
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
