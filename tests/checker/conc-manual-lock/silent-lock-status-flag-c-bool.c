// RUN: %check_conc_tidy %s conc-manual-lock %t
// A C99 bool flag tested with `!`: the cleanup path unlocks unless the
// flag says the lock was given back already.
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct cache {
  pthread_mutex_t lock;
  char *data;
  size_t size;
};

int fetch(char *into, size_t size);

int refresh(struct cache *c, size_t size) {
  bool have_lock = false;
  char *fresh = malloc(size);
  if (fresh == NULL)
    return -1;
  pthread_mutex_lock(&c->lock);
  have_lock = true;
  if (size <= c->size)
    goto out;
  free(c->data);
  c->data = NULL;
  c->size = 0;
  pthread_mutex_unlock(&c->lock);
  have_lock = false;
  if (fetch(fresh, size) != 0)
    goto out;
  pthread_mutex_lock(&c->lock);
  have_lock = true;
  c->data = fresh;
  c->size = size;
  fresh = NULL;
out:
  if (!have_lock) {
    free(fresh);
    return -1;
  }
  pthread_mutex_unlock(&c->lock);
  free(fresh);
  return 0;
}
