// RUN: %check_conc_tidy %s conc-manual-lock %t
// The same helpers, called so that they do lock while the caller holds the
// lock (a constant that asks for it), or with a flag nobody fixes: reported.
#include <pthread.h>

struct queue {
  pthread_mutex_t lock;
  struct queue *fwd;
};

static struct queue *fwd_get(struct queue *q, int do_lock) {
  struct queue *fwd;
  if (do_lock)
    pthread_mutex_lock(&q->lock);
  fwd = q->fwd;
  if (do_lock)
    pthread_mutex_unlock(&q->lock);
  return fwd;
}

struct queue *fwd_of_locked(struct queue *q) {
  pthread_mutex_lock(&q->lock);
  struct queue *fwd = fwd_get(q, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'q.lock' is locked again in 'fwd_get', called here while it is held: a non-recursive lock deadlocks on itself [conc-manual-lock]
  pthread_mutex_unlock(&q->lock);
  return fwd;
}

struct queue *fwd_of(struct queue *q, int flag) {
  pthread_mutex_lock(&q->lock);
  struct queue *fwd = fwd_get(q, flag);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'q.lock' is locked again in 'fwd_get', called here while it is held: a non-recursive lock deadlocks on itself [conc-manual-lock]
  pthread_mutex_unlock(&q->lock);
  return fwd;
}
