// RUN: %check_conc_tidy %s conc-leaked-thread %t
// C: a pthread body that loops forever can never be stopped or joined. The
// advice names C's tool (an atomic flag), not C++'s std::stop_token.
#include <pthread.h>
#include <stdatomic.h>

static void *poll_forever(void *arg) {
  (void)arg;
  for (;;) {
  }
  return 0;
}

int start_poller(void) {
  pthread_t poller;
  return pthread_create(&poller, 0, poll_forever, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: thread 'poller' runs a loop that never ends: no break, return or throw leaves it and it checks no stop condition, so nothing can stop the thread or wait for it; loop on an atomic_bool flag its owner sets [conc-leaked-thread]
  // CHECK-MESSAGES: :9:3: note: this loop never ends
}

// Silent: the loop reads a flag its owner sets.
static atomic_bool stopping;
static void *poll_until_stopped(void *arg) {
  (void)arg;
  while (!atomic_load(&stopping)) {
  }
  return 0;
}

int start_stoppable(pthread_t *out) {
  return pthread_create(out, 0, poll_until_stopped, 0);
}
