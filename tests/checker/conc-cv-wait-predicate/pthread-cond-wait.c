// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// The C waits never take a predicate: only a loop makes them correct.
#include <pthread.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static int count;

int take(void) {
  pthread_mutex_lock(&lock);
  if (count == 0)
    pthread_cond_wait(&nonempty, &lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' on 'nonempty' without a predicate
  int taken = count--;
  pthread_mutex_unlock(&lock);
  return taken;
}

int take_before(const struct timespec *deadline) {
  pthread_mutex_lock(&lock);
  pthread_cond_timedwait(&nonempty, &lock, deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_cond_timedwait' on 'nonempty' without a predicate
  int taken = count > 0 ? count-- : 0;
  pthread_mutex_unlock(&lock);
  return taken;
}
