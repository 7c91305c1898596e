// RUN: %check_conc_tidy %s conc-manual-lock %t
// Balanced C: every early return unlocks first, the goto-cleanup idiom
// unlocks once at the label, lock errors are tested before going on.
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct cache {
  pthread_mutex_t mu;
  int *slots;
  int size;
};

int cache_get(struct cache *c, int key, int *out) {
  pthread_mutex_lock(&c->mu);
  if (key < 0) {
    pthread_mutex_unlock(&c->mu);
    return EINVAL;
  }
  if (key >= c->size) {
    pthread_mutex_unlock(&c->mu);
    return ENOENT;
  }
  *out = c->slots[key];
  pthread_mutex_unlock(&c->mu);
  return 0;
}

int cache_grow(struct cache *c, int size) {
  int rc = 0;
  if (pthread_mutex_lock(&c->mu) != 0)
    return -1;
  int *bigger = realloc(c->slots, size * sizeof *bigger);
  if (bigger == NULL) {
    rc = ENOMEM;
    goto out;
  }
  c->slots = bigger;
  c->size = size;
out:
  pthread_mutex_unlock(&c->mu);
  return rc;
}

int cache_try_clear(struct cache *c) {
  if (pthread_mutex_trylock(&c->mu) != 0)
    return EBUSY;
  c->size = 0;
  pthread_mutex_unlock(&c->mu);
  return 0;
}

void cache_each(struct cache *c, void (*fn)(int)) {
  for (int i = 0;; ++i) {
    pthread_mutex_lock(&c->mu);
    if (i >= c->size) {
      pthread_mutex_unlock(&c->mu);
      break;
    }
    int v = c->slots[i];
    pthread_mutex_unlock(&c->mu);
    fn(v);
  }
}
