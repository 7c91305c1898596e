// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A `do`/`while` drain loop runs its body before its test: after a spurious
// wake-up the worker pops from an empty queue first. Reported.
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER;
static int pending;

void process(int);

void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  for (;;) {
    pthread_cond_wait(&more, &lock);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' on 'more' without a predicate
    // CHECK-NOTES: :[[@LINE-3]]:3: note: this loop has no exit that depends on the awaited condition
    do {
      process(pending);
      --pending;
    } while (pending > 0);
  }
  return 0;
}
