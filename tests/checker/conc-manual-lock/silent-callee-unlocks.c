// RUN: %check_conc_tidy %s conc-manual-lock %t
// A lock released by a function of this file that the locking function
// calls: a global released by a helper, a struct's lock released through
// the struct pointer (one call deeper), and an unlock hidden in a macro.
#include <pthread.h>

static pthread_mutex_t queue_mu = PTHREAD_MUTEX_INITIALIZER;
static int queued;

static void queue_leave(void) { pthread_mutex_unlock(&queue_mu); }

int push(int n) {
  pthread_mutex_lock(&queue_mu);
  if (n < 0) {
    queue_leave();
    return -1;
  }
  queued += n;
  queue_leave();
  return 0;
}

struct session {
  pthread_mutex_t mu;
  int refs;
};

static void session_unlock(struct session *s) { pthread_mutex_unlock(&s->mu); }
static void session_release(struct session *s) {
  --s->refs;
  session_unlock(s);
}

#define SESSION_DONE(s) session_release(s)

void session_touch(struct session *s) {
  pthread_mutex_lock(&s->mu);
  ++s->refs;
  SESSION_DONE(s);
}
