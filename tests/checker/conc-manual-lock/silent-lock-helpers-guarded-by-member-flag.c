// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found in h2o (lib/common/cache.c): helpers that lock and unlock only when
// a member of their argument says the object is shared. Nothing between the
// two calls writes that member, so the paths on which the first helper
// locked are the paths on which the second unlocks: no lock is held on a
// way out, and a second fetch does not lock again. The same through a
// wrapper one call deeper, on a local struct passed by address, with a
// helper that tests the flag through a macro, and with the caller testing
// the flag itself. Silent.
#include <pthread.h>
#include <stddef.h>

#define CACHE_MULTITHREADED 0x1
#define CACHE_EARLY_UPDATE 0x2
#define IS_SHARED(c) (((c)->flags & CACHE_MULTITHREADED) != 0)

typedef struct cache {
  int flags;
  size_t size;
  pthread_mutex_t mutex;
} cache_t;

static void lock_cache(cache_t *cache) {
  if ((cache->flags & CACHE_MULTITHREADED) != 0)
    pthread_mutex_lock(&cache->mutex);
}

static void unlock_cache(cache_t *cache) {
  if (IS_SHARED(cache))
    pthread_mutex_unlock(&cache->mutex);
}

static void purge(cache_t *cache) { cache->size = 0; }

size_t cache_fetch(cache_t *cache, size_t key) {
  lock_cache(cache);
  purge(cache);
  if (key > cache->size)
    goto NotFound;
  if ((cache->flags & CACHE_EARLY_UPDATE) != 0 && key == 0)
    goto NotFound;
  unlock_cache(cache);
  return key;
NotFound:
  unlock_cache(cache);
  return 0;
}

void cache_set(cache_t *cache, size_t size) {
  lock_cache(cache);
  if (size == 0) {
    unlock_cache(cache);
    return;
  }
  cache->size = size;
  unlock_cache(cache);
}

// One call deeper: wrappers around the helpers.
static void enter(cache_t *c) { lock_cache(c); }
static void leave(cache_t *c) { unlock_cache(c); }

size_t cache_size(cache_t *c) {
  enter(c);
  size_t size = c->size;
  leave(c);
  return size;
}

// The caller tests the flag itself to unlock.
void cache_clear(cache_t *c) {
  lock_cache(c);
  c->size = 0;
  if (c->flags & CACHE_MULTITHREADED)
    pthread_mutex_unlock(&c->mutex);
}

// A local object passed by address; a caller that fetches twice.
size_t twice(void) {
  cache_t local = {CACHE_MULTITHREADED, 0, PTHREAD_MUTEX_INITIALIZER};
  size_t a = cache_fetch(&local, 1);
  size_t b = cache_fetch(&local, 2);
  lock_cache(&local);
  local.size = a + b;
  unlock_cache(&local);
  return a + b;
}
