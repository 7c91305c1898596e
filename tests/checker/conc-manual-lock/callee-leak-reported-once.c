// RUN: %check_conc_tidy %s conc-manual-lock %t
// A helper that leaves the lock held on its error path is reported in the
// helper, once, not again at each call (directly, from a thread body, and
// through a macro).
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t flush_mu = PTHREAD_MUTEX_INITIALIZER;
static int flushes;
int write_out(int n);

static void flush_once(void) {
  pthread_mutex_lock(&flush_mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'flush_mu' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  if (write_out(flushes) != 0)
    return;
  ++flushes;
  pthread_mutex_unlock(&flush_mu);
}

#define FLUSH() flush_once()

void stop(void) { FLUSH(); }

static void *flusher(void *arg) {
  (void)arg;
  flush_once();
  return NULL;
}

int start(pthread_t *t) { return pthread_create(t, NULL, flusher, NULL); }
