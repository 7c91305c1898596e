// RUN: %check_conc_tidy %s conc-manual-lock %t
// pthread mutexes made recursive by their attribute (set where the mutex
// is initialised, or in a helper one call deeper), by the static
// initializer, and a C11 mutex made with mtx_recursive: locking them again
// is allowed. Silent.
#define _GNU_SOURCE
#include <pthread.h>
#include <threads.h>

static pthread_mutex_t tree_mu;
static int nodes;

void tree_init(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&tree_mu, &attr);
  pthread_mutexattr_destroy(&attr);
}

void tree_grow(void) {
  pthread_mutex_lock(&tree_mu);
  pthread_mutex_lock(&tree_mu);
  ++nodes;
  pthread_mutex_unlock(&tree_mu);
  pthread_mutex_unlock(&tree_mu);
}

static pthread_mutex_t log_mu = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void log_nested(void) {
  pthread_mutex_lock(&log_mu);
  pthread_mutex_lock(&log_mu);
  pthread_mutex_unlock(&log_mu);
  pthread_mutex_unlock(&log_mu);
}

struct store {
  pthread_mutex_t mu;
  int items;
};

static void init_recursive(pthread_mutex_t *mu) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(mu, &attr);
}

void store_init(struct store *s) { init_recursive(&s->mu); }

static void store_add(struct store *s) {
  pthread_mutex_lock(&s->mu);
  ++s->items;
  pthread_mutex_unlock(&s->mu);
}

void store_add_two(struct store *s) {
  pthread_mutex_lock(&s->mu);
  store_add(s);
  store_add(s);
  pthread_mutex_unlock(&s->mu);
}

static mtx_t cache_mu;

void cache_init(void) { mtx_init(&cache_mu, mtx_plain | mtx_recursive); }

void cache_fill(void) {
  mtx_lock(&cache_mu);
  mtx_lock(&cache_mu);
  mtx_unlock(&cache_mu);
  mtx_unlock(&cache_mu);
}
