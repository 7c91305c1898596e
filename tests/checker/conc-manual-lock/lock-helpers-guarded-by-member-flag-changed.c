// RUN: %check_conc_tidy %s conc-manual-lock %t
// The helpers of silent-lock-helpers-guarded-by-member-flag.c, where the
// flag they test can change between the two calls, or the two calls test
// different things: the lock may be held on a way out. Reported.
#include <pthread.h>

#define CACHE_MULTITHREADED 0x1
#define CACHE_TRACED 0x2

typedef struct cache {
  int flags;
  int size;
  pthread_mutex_t mutex;
} cache_t;

static void lock_cache(cache_t *cache) {
  if ((cache->flags & CACHE_MULTITHREADED) != 0)
    pthread_mutex_lock(&cache->mutex);
}

static void unlock_cache(cache_t *cache) {
  if ((cache->flags & CACHE_MULTITHREADED) != 0)
    pthread_mutex_unlock(&cache->mutex);
}

static void unlock_traced(cache_t *cache) {
  if (cache->flags & CACHE_TRACED)
    pthread_mutex_unlock(&cache->mutex);
}

// The caller clears the flag while the lock may be held.
void go_single(cache_t *cache) {
  lock_cache(cache);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cache.mutex' is locked by 'lock_cache', called here, and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  cache->flags = 0;
  unlock_cache(cache);
}

// A function of this file that the caller calls in between writes it.
static void set_flags(cache_t *cache, int flags) { cache->flags = flags; }

void reconfigure(cache_t *cache, int flags) {
  lock_cache(cache);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cache.mutex' is locked by 'lock_cache', called here, and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  set_flags(cache, flags);
  unlock_cache(cache);
}

// The unlock tests another flag.
void traced(cache_t *cache) {
  lock_cache(cache);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cache.mutex' is locked by 'lock_cache', called here, and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  cache->size++;
  unlock_traced(cache);
}

// The pointer changes in between: another object's flag.
void moved(cache_t *cache, cache_t *other) {
  cache_t *c = cache;
  lock_cache(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c.mutex' is locked by 'lock_cache', called here, and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  c = other;
  unlock_cache(c);
}
