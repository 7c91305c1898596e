// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found in curl (thrdpool.c): with the last reference, thrdpool_unlink
// releases the pool's lock (and frees the pool) and returns true; otherwise
// it returns false with the lock as it was. Its callers release the lock
// only when it returned false: every path releases it once. Silent.
#include <pthread.h>
#include <stdbool.h>

struct pool {
  pthread_mutex_t lock;
  int refcount;
};

void free_pool(struct pool *p);

static bool pool_unlink(struct pool *p, bool locked) {
  if (--p->refcount)
    return false;
  if (locked)
    pthread_mutex_unlock(&p->lock);
  free_pool(p);
  return true;
}

void pool_destroy(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  if (!pool_unlink(p, true))
    pthread_mutex_unlock(&p->lock);
}

void pool_release(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  bool gone = pool_unlink(p, true);
  if (gone == false)
    pthread_mutex_unlock(&p->lock);
}
