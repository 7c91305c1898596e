// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found in curl (lib/thrdqueue.c, thrdq_unlink): a function called with its
// caller's lock lets go of it around a join, takes it back, and at its end
// releases it for good. The unlock at the start is of the caller's lock;
// the lock after it on the same path is the relock, not a lock "of other
// paths". The same with the hold told by a parameter, and through a helper
// one call deeper. Silent.
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct queue {
  pthread_mutex_t lock;
  void *pool;
  int items;
};

void pool_destroy(void *pool);

static void queue_unlink(struct queue *q, bool locked) {
  if (q->pool) {
    if (locked)
      pthread_mutex_unlock(&q->lock);
    pool_destroy(q->pool);
    q->pool = NULL;
    if (locked)
      pthread_mutex_lock(&q->lock);
  }
  q->items = 0;
  if (locked)
    pthread_mutex_unlock(&q->lock);
}

void queue_destroy(struct queue *q) {
  pthread_mutex_lock(&q->lock);
  queue_unlink(q, true);
}

void queue_close(struct queue *q) { queue_unlink(q, false); }

// Always under the caller's lock.
static void queue_finish(struct queue *q) {
  pthread_mutex_unlock(&q->lock);
  pool_destroy(q->pool);
  pthread_mutex_lock(&q->lock);
  q->pool = NULL;
  pthread_mutex_unlock(&q->lock);
}

static void queue_finish_twice_removed(struct queue *q) { queue_finish(q); }

void queue_shutdown(struct queue *q) {
  pthread_mutex_lock(&q->lock);
  queue_finish_twice_removed(q);
}
