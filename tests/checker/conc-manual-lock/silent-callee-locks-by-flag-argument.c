// RUN: %check_conc_tidy %s conc-manual-lock %t
// Helpers that lock only when a parameter asks them to (librdkafka's
// `rd_kafka_q_fwd_get(rkq, do_lock)`, curl's `thrdq_unlink(q, locked, ...)`),
// called with a constant that says the caller already holds the lock, or
// that they must not unlock it: each call is summarised with that value, so
// none of these is a double lock or a lock left held.
#include <pthread.h>
#include <stdbool.h>

enum dolock { DONT_LOCK = 0, DO_LOCK = 1 };

struct queue {
  pthread_mutex_t lock;
  struct queue *fwd;
  int len;
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

int queue_len(struct queue *q) {
  int len;
  pthread_mutex_lock(&q->lock);
  struct queue *fwd = fwd_get(q, 0);
  len = fwd ? fwd->len : q->len;
  pthread_mutex_unlock(&q->lock);
  return len;
}

// The same with an enumerator, and unlocked: the helper locks itself.
int queue_len_unlocked(struct queue *q) {
  struct queue *fwd = fwd_get(q, DO_LOCK);
  return fwd ? fwd->len : -1;
}

// The flag handed on one call deeper.
static int len_of(struct queue *q, enum dolock lock) {
  struct queue *fwd = fwd_get(q, lock);
  return fwd ? fwd->len : q->len;
}

int queue_len_deeper(struct queue *q) {
  pthread_mutex_lock(&q->lock);
  int len = len_of(q, DONT_LOCK);
  pthread_mutex_unlock(&q->lock);
  return len;
}

// A teardown helper that gives back the caller's lock only when told it is
// held: destroy() holds it, the failed create() does not.
struct pool {
  pthread_mutex_t lock;
  bool aborted;
};

void pool_free(struct pool *p);

static void pool_unlink(struct pool *p, bool locked) {
  if (locked)
    pthread_mutex_unlock(&p->lock);
  pool_free(p);
}

void pool_destroy(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  p->aborted = true;
  pool_unlink(p, true);
}

void pool_create_failed(struct pool *p) {
  p->aborted = true;
  pool_unlink(p, false);
}
