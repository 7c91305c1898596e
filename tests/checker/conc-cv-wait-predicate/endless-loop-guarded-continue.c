// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Found in redis (bio.c, the background job workers): in an endless worker
// loop, `if (queue empty) { wait; continue; }` goes back to the top of the
// loop after every wake-up and tests the condition again: the same as
// `while (empty) wait;`, silent. Without the `continue` the worker goes on
// after a spurious wake-up: reported.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t newjob = PTHREAD_COND_INITIALIZER;
static int jobs;

void process(void);

void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (1) {
    if (jobs == 0) {
      pthread_cond_wait(&newjob, &lock);
      continue;
    }
    --jobs;
    pthread_mutex_unlock(&lock);
    process();
    pthread_mutex_lock(&lock);
  }
  return NULL;
}

void *else_branch_worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  for (;;) {
    if (jobs > 0) {
      --jobs;
    } else {
      pthread_cond_wait(&newjob, &lock);
      continue;
    }
    pthread_mutex_unlock(&lock);
    process();
    pthread_mutex_lock(&lock);
  }
  return NULL;
}

void *falls_through(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (1) {
    if (jobs == 0) {
      pthread_cond_wait(&newjob, &lock);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'pthread_cond_wait' on 'newjob' without a predicate goes on after a spurious wake-up as if the condition held; pass a predicate or wait in a loop that re-checks the condition [conc-cv-wait-predicate]
    }
    --jobs;
    pthread_mutex_unlock(&lock);
    process();
    pthread_mutex_lock(&lock);
  }
  return NULL;
}

void *continue_in_inner_loop(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (1) {
    if (jobs == 0) {
      pthread_cond_wait(&newjob, &lock);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'pthread_cond_wait' on 'newjob' without a predicate
      for (int i = 0; i < 3; ++i)
        continue;
    }
    --jobs;
    pthread_mutex_unlock(&lock);
    process();
    pthread_mutex_lock(&lock);
  }
  return NULL;
}
